/**
 * The command menu Telegram shows next to the text field: Chinese by default, English for
 * clients set to English. /bind is for officials only and stays out of the menu (it still works
 * when typed). A menu is a convenience: if Telegram refuses it, the bot starts anyway.
 */
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { render } from "../../src/kernel/texts";
import type { Language } from "../../src/kernel/channel";
import type { Log } from "../../src/log";
import { errorSummary } from "./safe-error";

const commands = ["start", "status", "cancel", "help", "link", "lang"] as const;

function menu(language: Language): BotCommand[] {
  return commands.map((command) => ({ command, description: render(language, `menu_${command}`) }));
}

export const menus: { zh: BotCommand[]; en: BotCommand[] } = { zh: menu("zh-CN"), en: menu("en") };

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
