import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/minqing", REDIS_URL: "redis://127.0.0.1:6379" };

function errorOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  it("fills defaults for everything optional", () => {
    expect(parseConfig(base)).toMatchObject({ TELEGRAM_MODE: "polling", DEFAULT_LANGUAGE: "zh-CN", TIME_ZONE: "Asia/Shanghai", CONVERSATION_IDLE_MINUTES: 30, DRAFT_KEEP_HOURS: 24 });
  });

  it("leaves the stores unset when not given (the all-in-one process then starts local ones)", () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.HEALTH_PORT).toBe(8081);
  });

  it("stops with one line naming a wrong variable, without echoing a URL that may hold a password", () => {
    const message = errorOf({ DATABASE_URL: "mysql://root:secret@db/minqing" });
    expect(message).toBe("Setting DATABASE_URL must be a postgresql:// connection URL. See .env.example.");
    expect(message).not.toContain("\n");
  });

  it("names the variable, what it expects and what it got", () => {
    expect(errorOf({ ...base, TELEGRAM_MODE: "push" })).toBe('Setting TELEGRAM_MODE must be polling or webhook (got "push"). See .env.example.');
    expect(errorOf({ ...base, CONVERSATION_IDLE_MINUTES: "soon" })).toContain("CONVERSATION_IDLE_MINUTES");
    expect(errorOf({ ...base, DRAFT_KEEP_HOURS: "0" })).toContain("DRAFT_KEEP_HOURS must be above 0");
    expect(errorOf({ ...base, TIME_ZONE: "Mars/Olympus" })).toContain("must be an IANA time zone");
  });

  it("requires the webhook URL and secret in webhook mode, and never echoes a token", () => {
    expect(errorOf({ ...base, TELEGRAM_MODE: "webhook", TELEGRAM_WEBHOOK_URL: "https://x.example/tg" })).toContain("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_MODE=webhook");
    const message = errorOf({ ...base, TELEGRAM_BOT_TOKEN: "not-a-token-secret" });
    expect(message).toContain("TELEGRAM_BOT_TOKEN");
    expect(message).not.toContain("not-a-token-secret");
  });
});
