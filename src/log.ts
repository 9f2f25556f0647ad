/**
 * Structured logs (pino). The redact list is the one place that keeps personal data out of logs:
 * names, phone numbers and message texts are censored wherever they appear in a log object.
 * Log ids (case id, tracking code, identity id), never the words people wrote.
 */
import { pino, type Logger } from "pino";

export const redactedPaths = [
  "text",
  "*.text",
  "name",
  "*.name",
  "contactName",
  "*.contactName",
  "phone",
  "*.phone",
  "contactPhone",
  "*.contactPhone",
  "description",
  "*.description",
  "draft",
  "*.draft",
  "params",
  "*.params",
  "first_name",
  "*.first_name",
  "last_name",
  "*.last_name",
  "username",
  "*.username",
];

export type Log = Logger;

export function createLogger(level = "info", destination?: pino.DestinationStream): Log {
  return pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { app: "minqing" } }, destination);
}
