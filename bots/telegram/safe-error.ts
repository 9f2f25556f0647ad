/**
 * What of an error may reach a log line. Never the error object itself: pino's error serializer
 * copies every enumerable property, and a GrammyError carries the request payload (the text we
 * sent, a citizen's words); an engine error's message may quote what someone typed. So we keep
 * the error's type, stable codes and where it was thrown, and drop free text we did not write.
 */
import { GrammyError, HttpError } from "grammy";
import { MinqingError } from "../../src/kernel/errors";

export interface ErrorSummary {
  type: string;
  /** MinqingError's catalogue key: stable, and free of personal data. */
  code?: string;
  /** For Telegram's refusals: the method and Telegram's own words, which quote nothing of ours. */
  method?: string;
  errorCode?: number;
  description?: string;
  /** Stack frames only; the first line of a stack repeats the message, so it is cut. */
  at?: string;
}

export function errorSummary(error: unknown): ErrorSummary {
  if (error instanceof GrammyError) {
    return { type: "GrammyError", method: error.method, errorCode: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) {
    // grammY's message names the method only (sensitiveLogs is off), never the token or payload.
    return { type: "HttpError", description: error.message };
  }
  if (error instanceof MinqingError) return { type: error.name, code: error.code, at: frames(error) };
  if (error instanceof Error) return { type: error.name, at: frames(error) };
  return { type: typeof error };
}

function frames(error: Error): string | undefined {
  const lines = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return lines.length > 0 ? lines.slice(0, 6).map((line) => line.trim()).join(" | ") : undefined;
}
