/**
 * What a petition must carry to be one: words that tell something, or an attachment (a photo, a
 * voice message) that does. One rule, used by the intake dialogue before a description is kept and
 * by the intake job's schema, so a petition of "99" (a stray menu number) is never recorded.
 */

/**
 * True when the text tells something: at least two letters of any script ("路灯坏了", "no water").
 * Digits alone ("99", "8"), one character ("好"), punctuation ("。。。", "？") and emoji carry no
 * content a unit could act on.
 */
export function tellsSomething(text: string): boolean {
  return (text.match(/\p{L}/gu)?.length ?? 0) >= 2;
}

/** A petition has content when its description tells something, or when it has an attachment. */
export function hasPetitionContent(petition: { description: string; attachments: readonly unknown[] }): boolean {
  return petition.attachments.length > 0 || tellsSomething(petition.description);
}
