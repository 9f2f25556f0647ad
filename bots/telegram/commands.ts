/**
 * The command menu Telegram shows next to the text field: Chinese by default, English for
 * clients set to English. /bind is for officials only and stays out of the menu (it still works
 * when typed). A menu is a convenience: if Telegram refuses it, the bot starts anyway.
 */
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Log } from "../../src/log";
import { errorSummary } from "./safe-error";

// These few words belong to Telegram's menu, not to a conversation; they live here until the
// message catalogue grows menu keys (see the adapter's notes).
export const menus: { zh: BotCommand[]; en: BotCommand[] } = {
  zh: [
    { command: "start", description: "开始反映诉求" },
    { command: "status", description: "查看我的诉求" },
    { command: "cancel", description: "取消当前操作" },
    { command: "help", description: "使用说明" },
    { command: "lang", description: "切换语言 / Language" },
  ],
  en: [
    { command: "start", description: "File a petition" },
    { command: "status", description: "Follow my petitions" },
    { command: "cancel", description: "Cancel what is in progress" },
    { command: "help", description: "How it works" },
    { command: "lang", description: "Language / 切换语言" },
  ],
};

/** Registers both menus; true when Telegram took them, false (and a warning) otherwise. */
export async function registerCommands(api: Api, log: Log): Promise<boolean> {
  try {
    await api.setMyCommands(menus.zh);
    await api.setMyCommands(menus.en, { language_code: "en" });
    return true;
  } catch (error) {
    log.warn({ error: errorSummary(error) }, "telegram command menu not registered; continuing without it");
    return false;
  }
}
