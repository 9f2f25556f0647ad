/**
 * The WeChat channel (src/channels/channel.ts): one Wechaty with the puppet the operator configured
 * (chosen by WECHATY_PUPPET; the puppet reads its own settings, e.g. WECHATY_PUPPET_SERVICE_TOKEN),
 * the conversation attached, and the login lifecycle reported: the QR code is drawn in the terminal
 * and given as a link, and `loginNeeded` lets the caller tell the petition office on another
 * channel, because nobody watches the terminal. Puppets reconnect by themselves; after a logout
 * the puppet asks for a new scan, and notices wait in the WeChat queue meanwhile.
 */
import qrcode from "qrcode-terminal";
import { log as wechatyLog, qrcodeValueToImageUrl, ScanStatus, WechatyBuilder, type Contact } from "wechaty";
import type { WechatyOptions } from "wechaty";
import type { Channel } from "../../src/channels/channel";
import type { Log } from "../../src/log";
import { attachConversation, type WechatConversationOptions } from "./bot";
import { ContactDirectory, type ContactIdMode } from "./contacts";
import { Pacer, type PacerOptions } from "./pacer";
import { WechatSender } from "./sender";

export interface WechatChannelOptions extends Omit<WechatConversationOptions, "directory" | "pacer"> {
  /** A puppet package name ("wechaty-puppet-service") or, in tests, a puppet instance. */
  puppet: string | object;
  /** Where Wechaty keeps the login session between restarts (a path without extension). */
  sessionPath: string;
  contactIds: ContactIdMode;
  pacing: PacerOptions;
  /** Called with a link to the QR code whenever a new scan is needed. */
  loginNeeded(link: string): Promise<void>;
  /** Called at login (true) and logout (false). */
  online(loggedIn: boolean): Promise<void>;
  /** Where the QR code is drawn; null draws nothing (tests). */
  qrOutput?: NodeJS.WritableStream | null;
}

export interface WechatChannel extends Channel {
  readonly sender: WechatSender;
}

/** Builds the channel; `start()` starts Wechaty, and with it the login (or a QR code to scan). */
export function createWechatChannel(options: WechatChannelOptions): WechatChannel {
  const { log } = options;
  // Wechaty's own logger writes to the console and would print message texts at its chattier
  // levels; only its errors are let through, everything we need is reported through `log`.
  wechatyLog.level(log.level === "silent" ? "silent" : "error");
  const wechaty = WechatyBuilder.build({ name: options.sessionPath, puppet: options.puppet } as WechatyOptions);
  const directory = new ContactDirectory(options.contactIds, { find: (query) => wechaty.Contact.find(query) }, log);
  const pacer = new Pacer(options.pacing);
  attachConversation(wechaty, { ...options, directory, pacer });

  wechaty.on("scan", (value: string, status: ScanStatus) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    const link = qrcodeValueToImageUrl(value);
    log.warn({ link }, "WeChat needs a login: scan the QR code with the bot's WeChat account");
    if (options.qrOutput !== null) {
      const output = options.qrOutput ?? process.stdout;
      qrcode.generate(value, { small: true }, (drawing) => output.write(`${drawing}\nWeChat login: scan the code above, or open ${link}\n`));
    }
    void options.loginNeeded(link).catch((error: unknown) => log.error({ error: String(error) }, "could not tell the petition office about the WeChat login"));
  });
  wechaty.on("login", (user: Contact) => {
    log.info({ account: options.account, wechatyUser: user.id }, "WeChat logged in");
    void options.online(true);
  });
  wechaty.on("logout", () => {
    log.warn({ account: options.account }, "WeChat logged out; notices wait until the next login");
    directory.forgetLogin();
    void options.online(false);
  });
  wechaty.on("error", (error: Error) => log.error({ error: error.message.slice(0, 200) }, "WeChat puppet error"));

  return {
    name: "wechat",
    label: `WeChat account "${options.account}" (${typeof options.puppet === "string" ? options.puppet : "test puppet"}, ${options.contactIds} contact ids)`,
    sender: new WechatSender(wechaty, directory, pacer),
    isOnline: () => wechaty.isLoggedIn,
    start: async () => {
      await wechaty.start();
    },
    stop: async () => {
      await wechaty.stop();
    },
  };
}
