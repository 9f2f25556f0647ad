/**
 * Structured logs (pino). The redact list is the one place that keeps personal data out of logs:
 * names, phone numbers and message texts are censored wherever they appear in a log object.
 * Log ids (case id, tracking code, identity id), never the words people wrote.
 */
import { pino, type Logger } from "pino";

/** Keys whose values are personal data or people's words, wherever they sit in a log object. */
const personalKeys = [
  "text",
  "caption",
  "name",
  "contactName",
  "phone",
  "contactPhone",
  "description",
  "draft",
  "params",
  "first_name",
  "last_name",
  "username",
  "phone_number",
];

/** pino redacts by path; cover each key at the top and up to three levels down. */
export const redactedPaths = personalKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export type Log = Logger;

export function createLogger(level = "info", destination?: pino.DestinationStream): Log {
  return pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { app: "minqing" } }, destination);
}

/** Where an infrastructure error came from, in every such log line. */
export type Component = "redis" | "bullmq" | "postgres" | "relay" | "delivery" | "process";

/**
 * A logger for the errors a store outage repeats many times a second (every reconnect, every
 * poll): the first is logged at once, then one line per `everyMs` with how many were left out, so
 * the log says the store is away without drowning in it. Structured, never a raw stack on stderr.
 */
export function outageLog(log: Log, component: Component, everyMs = 30_000): (error: unknown, context?: Record<string, unknown>) => void {
  let lastLogged = Number.NEGATIVE_INFINITY;
  let left = 0;
  return (error, context = {}) => {
    const now = performance.now();
    if (now - lastLogged < everyMs) {
      left++;
      return;
    }
    lastLogged = now;
    const errorFields = error instanceof Error ? { errorType: error.name, error: error.message.split("\n")[0] } : { error: String(error) };
    log.warn({ component, ...context, ...errorFields, ...(left > 0 ? { repeated: left } : {}) }, `${component} error`);
    left = 0;
  };
}
