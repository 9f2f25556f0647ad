/**
 * The message catalogue: one typed module per language; render() fills `{name}` placeholders, and
 * `{name:one|other}` with the word for that number ("{days} {days:day|days} late"), for languages
 * whose words change with the count.
 */
import type { Idiom, Language } from "../channel";
import { en, enNumbered } from "./en";
import { zhCN, zhCNNumbered, type MessageKey, type NumberedKey } from "./zh-CN";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Language, Record<MessageKey, string>> = { "zh-CN": zhCN, en };
const numbered: Record<Language, Record<NumberedKey, string>> = { "zh-CN": zhCNNumbered, en: enNumbered };

function hasNumberedVariant(key: MessageKey): key is NumberedKey {
  return Object.hasOwn(zhCNNumbered, key);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** The text of `key` in `language`, in the channel's idiom (numbered-list channels get their variant). */
export function render(language: Language, key: MessageKey, params: MessageParams = {}, idiom: Idiom = "buttons"): string {
  const template = idiom === "numbered" && hasNumberedVariant(key) ? numbered[language][key] : catalogues[language][key];
  return template.replace(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g, (placeholder, name: string, one?: string, other?: string) => {
    if (!Object.hasOwn(params, name)) return placeholder;
    const value = params[name]!;
    return one === undefined ? String(value) : Number(value) === 1 ? one : (other ?? "");
  });
}

/** Category names live in the organisation data, in both languages. */
export function localName(language: Language, names: { nameZh: string; nameEn: string }): string {
  return language === "en" ? names.nameEn : names.nameZh;
}
