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
