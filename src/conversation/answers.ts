/**
 * Typed answers, validated with zod. Each issue's message is the catalogue key of the specific
 * re-prompt, so a wrong answer is told exactly what is wrong, in the person's language.
 */
import { z } from "zod";
import { normalisePhone } from "./phone";
import { hasWords } from "./text";
import { isMessageKey, type MessageKey } from "../kernel/texts";

/** Names as people write them: letters of any script, middle dots, spaces, hyphens; no digits. */
export const nameAnswer = z.string().regex(/^[\p{L}\p{M}·•'’ .-]{1,30}$/u, "name_invalid");

/** A mainland mobile number, normalised to E.164. */
export const phoneAnswer = z.string().transform((input, ctx) => {
  const phone = normalisePhone(input);
  if (phone) return phone;
  ctx.addIssue({ code: "custom", message: "phone_invalid" });
  return z.NEVER;
});

/** One more message of the description, joined to what was written before, within the limit. */
export function descriptionAnswer(before: string, maxChars: number) {
  return z
    .string()
    .refine(hasWords, "description_no_words")
    .transform((text) => (before ? `${before}\n${text}` : text))
    .refine((combined) => combined.length <= maxChars, "description_too_long");
}

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: MessageKey };

export function parseAnswer<T>(schema: z.ZodType<T>, input: unknown): Answer<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues[0]?.message ?? "";
  return { ok: false, problem: isMessageKey(message) ? message : "text_expected" };
}

/**
 * A name, or a name and a phone, typed in one message where the contact choice is offered
 * ("王小明", "王小明 13800138000", "我叫王小明，电话138 0013 8000"); undefined when it is not that.
 */
export function contactAnswer(text: string): { name: string; phone?: string } | undefined {
  const plain = text.normalize("NFKC").trim();
  const digitsAt = plain.search(/[+\d]/);
  const namePart = (digitsAt >= 0 ? plain.slice(0, digitsAt) : plain)
    .replace(/^(我叫|我是|姓名|名字)[:：]?/, "")
    .replace(/[,，、;；:：\s]*(电话|手机|手机号|联系电话)?[:：]?\s*$/, "")
    .trim();
  const name = nameAnswer.safeParse(namePart);
  if (!name.success) return undefined;
  if (digitsAt < 0) return { name: name.data };
  const phone = normalisePhone(plain.slice(digitsAt));
  return phone ? { name: name.data, phone } : undefined;
}
