/**
 * Claiming a case a cadre recorded at a visit (item 10 of case handling): the citizen sends
 * "认领 MQ2345ABCD 5678" — the tracking code the cadre gave them and the last four digits of the
 * phone number recorded — or the code alone and then the digits when asked. The port checks the
 * digits against the sealed phone and counts wrong tries; from then on the case is the citizen's
 * and its notices come to this account.
 */
import { z } from "zod";
import { normaliseCode } from "../../kernel/codes";
import { defineDialogue, type Said } from "../dialogue";
import type { ClaimOutcome, ConversationPorts } from "../ports";
import type { ChannelUser, Language } from "../../kernel/channel";

export interface ClaimDeps {
  ports: ConversationPorts;
}

/** "认领 MQ2345ABCD 5678", "认领mq2345abcd", "claim MQ2345ABCD, 5678" → what follows the word. */
export function claimWords(text: string): string | undefined {
  const match = /^(?:认领|claim)[\s:：]*(mq[\s\S]*)$/i.exec(text.normalize("NFKC").trim());
  return match ? match[1]!.trim() : undefined;
}

/** The code and, when given, the four digits: "MQ2345ABCD 5678" → { code, digits }. */
export function parseClaim(argument: string): { code: string; digits?: string } | undefined {
  const compact = normaliseCode(argument).replace(/[,，:：。.]/g, "");
  const match = /^(MQ[0-9A-Z]{8})(\d{4})?$/.exec(compact);
  if (!match) return undefined;
  return match[2] ? { code: match[1]!, digits: match[2] } : { code: match[1]! };
}

function told(outcome: ClaimOutcome, code: string): Said {
  if (outcome.ok) return { key: "claim_ok", params: { code } };
  switch (outcome.reason) {
    case "no_match":
      return { key: "claim_no_match", params: { tries: outcome.triesLeft } };
    case "locked":
      return { key: "claim_locked", params: { minutes: outcome.minutes } };
    case "already_yours":
      return { key: "claim_already_yours", params: { code } };
    case "taken":
      return { key: "claim_taken", params: { code } };
  }
}

export function claimDialogue(deps: ClaimDeps) {
  const data = z.object({ code: z.string() });
  const claim = async (user: ChannelUser, language: Language, code: string, digits: string): Promise<Said> => told(await deps.ports.claimVisit(user, language, code, digits), code);
  return defineDialogue<z.infer<typeof data>, "digits">({
    id: "claim",
    title: "dialogue_claim",
    who: "citizen",
    data,
    first: "digits",
    startedBy: { commands: ["claim"], recognise: claimWords, argument: "claim_usage", replaces: true },
    begin: async (ctx, _first, argument) => {
      const parsed = parseClaim(argument ?? "");
      // No run opens when the command carried all there is (or nothing usable): its answer is said.
      if (!parsed) return { refused: [{ key: "claim_usage" }] };
      if (parsed.digits) return { refused: [await claim(ctx.user, ctx.language, parsed.code, parsed.digits)] };
      return { data: { code: parsed.code } };
    },
    steps: {
      digits: {
        prompt: (ctx) => ({ key: "ask_claim_digits", params: { code: ctx.data.code } }),
        text: async (text, ctx) => {
          const digits = text.normalize("NFKC").replace(/\s/g, "");
          if (!/^\d{4}$/.test(digits)) return { stay: true, say: [{ key: "claim_digits_invalid" }] };
          return { end: "done", say: [await claim(ctx.user, ctx.language, ctx.data.code, digits)] };
        },
      },
    },
  });
}
