/** The WeChat channel's front door (used by src/app/runtime.ts). */
export { ContactDirectory, type ContactIdMode } from "./contacts";
export { Pacer, type PacerOptions } from "./pacer";
export { renderReply, renderTurn } from "./render";
export { startWechat, type RunningWechat, type WechatChannelOptions } from "./run";
export { WechatSender } from "./sender";
