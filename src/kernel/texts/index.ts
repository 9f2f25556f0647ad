/** The message catalogue: one typed module per language; render() fills `{name}` placeholders. */
import type { Language } from "../channel";
import { en } from "./en";
import { zhCN, type MessageKey } from "./zh-CN";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Language, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function render(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}

/** Category names live in the organisation data, in both languages. */
export function localName(language: Language, names: { nameZh: string; nameEn: string }): string {
  return language === "en" ? names.nameEn : names.nameZh;
}
