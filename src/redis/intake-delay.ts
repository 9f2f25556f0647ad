/**
 * What the delayed-petition notices remember, kept in Redis because PostgreSQL is usually the
 * thing that is down when a petition cannot be recorded:
 * - that a petitioner (and the office) were told their petition is delayed, so it is said once,
 *   and the acknowledgement that follows says the wait is over;
 * - who the petition office is on chat, a copy refreshed while the database answers.
 */
import type { Redis } from "ioredis";
import { z } from "zod";
import type { OfficeContact } from "../store/office-alerts";

/** As long as a failed intake job is kept for an operator to retry (a month). */
const toldTtlSeconds = 30 * 24 * 3600;

const officeContactsSchema = z.array(
  z.object({
    officialId: z.string(),
    identities: z.array(z.object({ channel: z.enum(["telegram", "wechat", "terminal"]), botAccount: z.string(), platformId: z.string(), language: z.enum(["zh-CN", "en"]) })),
  }),
);

export class IntakeDelayNotes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private toldKey(idempotencyKey: string): string {
    return `${this.prefix}:delay-told:${idempotencyKey}`;
  }

  private get contactsKey(): string {
    return `${this.prefix}:office-contacts`;
  }

  async markTold(idempotencyKey: string, at: Date): Promise<void> {
    await this.redis.set(this.toldKey(idempotencyKey), at.toISOString(), "EX", toldTtlSeconds);
  }

  async wasTold(idempotencyKey: string): Promise<boolean> {
    return (await this.redis.exists(this.toldKey(idempotencyKey))) === 1;
  }

  async saveOfficeContacts(contacts: OfficeContact[]): Promise<void> {
    await this.redis.set(this.contactsKey, JSON.stringify(contacts));
  }

  /** The last copy saved; empty when none was (or it no longer parses). */
  async officeContacts(): Promise<OfficeContact[]> {
    const raw = await this.redis.get(this.contactsKey);
    if (!raw) return [];
    try {
      const parsed = officeContactsSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
}
