/**
 * Every setting, read once from the environment (and an optional .env), validated with zod.
 * A missing or wrong value stops the process with one line naming the variable and what it expects.
 * .env.example documents each variable; keep the two in step.
 */
import "dotenv/config";
import { z } from "zod";
import { defaultMaxTransfers } from "./cases/commands/transfer";
import { parseKeyList, type KeyEntry } from "./privacy/key-ring";
import { isClockTime } from "./kernel/dates";

const postgresUrl = z
  .string({ error: "is required: a postgresql:// connection URL" })
  .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgresql:// connection URL");
const redisUrl = z
  .string({ error: "is required: a redis:// connection URL" })
  .regex(/^rediss?:\/\/\S*$/, "must be a redis:// connection URL");
const positiveInt = (fallback: number) => z.coerce.number().int("must be a whole number").positive("must be above 0").default(fallback);
/** An `id:base64` key list (src/privacy/key-ring.ts); the first key is the current one. */
const keyList = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .string()
    .transform((text, ctx): KeyEntry[] => {
      const parsed = parseKeyList(text);
      if (!("error" in parsed)) return parsed;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    })
    .optional(),
);
const optionalText = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

/** "HH:MM" on the 24-hour clock. */
const clockTime = (fallback: string) => z.string().default(fallback).refine(isClockTime, "must be a time of day written HH:MM, such as 18:00");

/** "HH:MM-HH:MM": a window of the day (it may pass midnight). */
/** `none` (allowed where `noneAllowed`): no such window, written as the empty window 00:00-00:00. */
const clockWindow = (fallback: string, noneAllowed = false) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      if (noneAllowed && text.trim() === "none") return { from: "00:00", to: "00:00" };
      const [from, to, ...rest] = text.split("-").map((part) => part.trim());
      if (rest.length > 0 || !from || !to || !isClockTime(from) || !isClockTime(to) || from === to) {
        ctx.addIssue({ code: "custom", message: "must be a window of the day written HH:MM-HH:MM, such as 21:00-08:00" });
        return z.NEVER;
      }
      return { from, to };
    });

/** The office's day (src/app/office-day.ts); also read alone by one-off admin commands. */
export const officeSettingsSchema = z.object({
  /** The time of the office's day a due date ends (HH:MM, TIME_ZONE). */
  DUE_TIME: clockTime("18:00"),
  /** Reminders to officials go out within these hours of a working day. */
  WORKING_HOURS: clockWindow("08:30-17:30"),
  /** Notices to petitioners wait out this window (it may pass midnight) and go in the morning; `none`: they never wait. */
  QUIET_HOURS: clockWindow("21:00-08:00", true),
  /** The working-day calendar: public holidays and make-up working days (调休), editable. */
  CALENDAR_FILE: z.string().min(1).default("org/calendar.yaml"),
});

export const configSchema = z
  .object({
    /** Unset: the all-in-one process starts an embedded PostgreSQL in MINQING_DATA_DIR. */
    DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), postgresUrl.optional()),
    /** Unset: the all-in-one process starts a private redis-server found on the PATH. */
    REDIS_URL: z.preprocess((value) => (value === "" ? undefined : value), redisUrl.optional()),
    TELEGRAM_BOT_TOKEN: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().regex(/^\d+:[\w-]{20,}$/, "must look like 123456789:ABC… (from @BotFather)").optional(),
    ),
    TELEGRAM_API_ROOT: z.url("must be an http(s) URL").default("https://api.telegram.org"),
    TELEGRAM_MODE: z.enum(["polling", "webhook"], "must be polling or webhook").default("polling"),
    TELEGRAM_WEBHOOK_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url("must be the public https URL Telegram posts to").optional()),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A–Z, a–z, 0–9, _ and -").optional(),
    ),
    /** Unset: no WeChat channel. A Wechaty puppet package, e.g. wechaty-puppet-service. */
    WECHATY_PUPPET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^(@[a-z0-9-]+\/)?wechaty-puppet-[a-z0-9-]+$/, "must be a Wechaty puppet package name such as wechaty-puppet-service")
        .optional(),
    ),
    /** Our name for the WeChat account, kept in identities: change it and bound contacts are lost. */
    WECHAT_ACCOUNT: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, _ or -").default("wechat"),
    /** stable: the puppet's contact ids survive logins; alias: re-identify contacts by a remark tag. */
    WECHAT_CONTACT_IDS: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["stable", "alias"], "must be stable or alias").optional()),
    WECHAT_GREETING: optionalText,
    WECHAT_SEND_GAP_MS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").default(1500),
    WECHAT_CONTACT_GAP_MS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").default(3000),
    HTTP_PORT: positiveInt(8080),
    HEALTH_PORT: z.coerce.number().int("must be a whole number").min(0, "must be 0 (off) or a port").max(65535, "must be a port number").default(8081),
    DEFAULT_LANGUAGE: z.enum(["zh-CN", "en"], "must be zh-CN or en").default("zh-CN"),
    TIME_ZONE: z
      .string()
      .default("Asia/Shanghai")
      .refine(isTimeZone, "must be an IANA time zone such as Asia/Shanghai"),
    ...officeSettingsSchema.shape,
    /** A draft idle longer than this is offered back (continue or start afresh) instead of silently continued. */
    CONVERSATION_IDLE_MINUTES: positiveInt(30),
    /** An unfinished draft is kept this long after the last answer, then dropped (the person is told once). */
    DRAFT_KEEP_HOURS: positiveInt(24),
    MAX_DESCRIPTION_CHARS: positiveInt(5000),
    MAX_ATTACHMENT_MB: positiveInt(20),
    BIND_CODE_TTL_HOURS: positiveInt(72),
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/, "must be lower-case letters, digits, _ or -").default("minqing"),
    INTAKE_CONCURRENCY: positiveInt(8),
    /** A confirmed petition not recorded this long after it was confirmed: the petitioner and the petition office are told. */
    PETITION_DELAY_NOTICE_SECONDS: positiveInt(120),
    OUTBOUND_CONCURRENCY: positiveInt(8),
    /** How often the relay queues again what the queues lost (notices, confirmed petitions). */
    RELAY_EVERY_SECONDS: positiveInt(60),
    /** How often the deadline sweep wakes cases whose timer was lost (each case also has its own timer). */
    SWEEP_EVERY_SECONDS: positiveInt(60),
    /** A case transferred (转办) more often than this is flagged to the petition office; 0 flags every transfer. */
    MAX_TRANSFERS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").default(defaultMaxTransfers),
    MINQING_DATA_DIR: z.string().min(1).default("./data"),
    MINQING_ORG_FILE: optionalText,
    // Personal data at rest (src/privacy): both unset, a key file is generated in MINQING_DATA_DIR.
    /** Keys that seal names and phone numbers, `k2:<base64>,k1:<base64>`: the first seals, all open. */
    MINQING_DATA_KEYS: keyList,
    /** Keys of the phone-lookup hash, `h1:<base64>`: the first hashes, all match. */
    MINQING_HASH_KEYS: keyList,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "must be a pino level such as info").default("info"),
  })
  .superRefine((config, ctx) => {
    if (!config.MINQING_DATA_KEYS !== !config.MINQING_HASH_KEYS) {
      const [missing, given] = config.MINQING_DATA_KEYS ? ["MINQING_HASH_KEYS", "MINQING_DATA_KEYS"] : ["MINQING_DATA_KEYS", "MINQING_HASH_KEYS"];
      ctx.addIssue({ code: "custom", path: [missing], message: `is required when ${given} is set (or unset both to use the generated key file in MINQING_DATA_DIR)` });
    }
    if (config.TELEGRAM_MODE === "webhook") {
      for (const key of ["TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET"] as const) {
        if (!config[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when TELEGRAM_MODE=webhook" });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/**
 * Web-protocol puppets give contacts new ids at every login; the others keep the wxid. An operator
 * can say otherwise with WECHAT_CONTACT_IDS.
 */
export function wechatContactIds(config: Pick<Config, "WECHATY_PUPPET" | "WECHAT_CONTACT_IDS">): "stable" | "alias" {
  if (config.WECHAT_CONTACT_IDS) return config.WECHAT_CONTACT_IDS;
  return config.WECHATY_PUPPET === "wechaty-puppet-wechat" || config.WECHATY_PUPPET === "wechaty-puppet-wechat4u" ? "alias" : "stable";
}
/** The configuration once the stores are known (given, or started locally by src/services). */
export type ResolvedConfig = Config & { DATABASE_URL: string; REDIS_URL: string };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the given environment; throws a ConfigError whose message is the one line to print. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "configuration");
  const given = env[variable];
  const shown = given === undefined || variable.includes("TOKEN") || variable.includes("SECRET") || variable.endsWith("_KEYS") || variable.endsWith("_URL") ? "" : ` (got "${given}")`;
  throw new ConfigError(`Setting ${variable} ${issue.message}${shown}. See .env.example.`);
}

/** For entry points: parse, or print the one line and exit. */
export function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Only the database URL, for tools such as the migration command that need nothing else. */
export function loadDatabaseUrl(): string {
  const result = postgresUrl.safeParse(process.env.DATABASE_URL);
  if (result.success) return result.data;
  console.error(`Setting DATABASE_URL ${result.error.issues[0]!.message}. See .env.example.`);
  process.exit(1);
}
