/**
 * Renders an outbox row for its recipient: the message key and parameters are stored, the text is
 * made only when sending, in the language of the identity that receives it. A parameter may itself
 * be a catalogue key ({ key }), for words that must be translated too ("anonymous").
 */
import { z } from "zod";
import { isMessageKey, render } from "../kernel/texts";
import type { Language } from "../kernel/channel";

export type NoticeParam = string | number | { key: string };
export type NoticeParams = Record<string, NoticeParam>;

const paramsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.object({ key: z.string() })]));

export class UnknownNoticeError extends Error {
  override name = "UnknownNoticeError";
}

export function renderNotice(language: Language, messageKey: string, rawParams: unknown): string {
  if (!isMessageKey(messageKey)) throw new UnknownNoticeError(`no message "${messageKey}" in the catalogue`);
  const parsed = paramsSchema.safeParse(rawParams);
  if (!parsed.success) throw new UnknownNoticeError(`parameters of "${messageKey}" are malformed`);
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(parsed.data)) {
    params[name] = typeof value === "object" ? (isMessageKey(value.key) ? render(language, value.key) : value.key) : value;
  }
  return render(language, messageKey, params);
}
