/** The WeChat channel's front door (used by src/app/channels.ts). */
export type { ContactIdMode } from "./contacts";
export { createWechatChannel, type WechatChannel, type WechatChannelOptions } from "./run";
