/** The WeChat channel's front door (used by src/app/wechat-channel.ts). */
export type { ContactIdMode } from "./contacts";
export { startWechat, type RunningWechat, type WechatChannelOptions } from "./run";
