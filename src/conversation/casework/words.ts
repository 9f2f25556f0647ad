/**
 * How officials and petitioners name an action on a case in plain words, as they would type it
 * on a channel without a command menu: a word and the tracking code ("受理 MQ2345ABCD",
 * "答复mq2345abcd").
 */
import { normaliseCode } from "../../kernel/codes";

/** A recogniser for "<word> <tracking code>": the code, normalised; anything else → undefined. */
export function wordsWithCode(...words: string[]) {
  const pattern = new RegExp(`^(?:${words.join("|")})[\\s:：]*(mq[\\s\\-0-9a-z]{8,14})$`, "i");
  return (text: string): string | undefined => {
    const match = pattern.exec(text.normalize("NFKC").trim());
    if (!match) return undefined;
    const code = normaliseCode(match[1]!);
    return /^MQ[0-9A-Z]{8}$/.test(code) ? code : undefined;
  };
}

/** The tracking code in a command's argument ("/accept mq2345abcd"), or undefined. */
export function codeIn(argument: string): string | undefined {
  const code = normaliseCode(argument);
  return /^MQ[0-9A-Z]{8}$/.test(code) ? code : undefined;
}
