/**
 * Spaces out what the WeChat account sends. WeChat restricts accounts that send like machines, far
 * sooner than Telegram does, so every message waits for a slot: at least `overallGapMs` after the
 * account's previous message and `contactGapMs` after the previous one to the same contact, each
 * gap stretched by a random jitter so the rhythm is not regular. Slots are handed out in the order
 * they are asked for, so messages to one contact keep their order. A reply to someone who has just
 * written is what a person would do, and is exempt from the per-contact gap (not the overall one).
 */
export interface PacerOptions {
  overallGapMs: number;
  contactGapMs: number;
  /** 0.5 means each gap is between 1× and 1.5× its minimum. */
  jitter: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class Pacer {
  private nextOverall = 0;
  private readonly nextForContact = new Map<string, number>();
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: PacerOptions) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Waits for this contact's next slot; call it right before each message. */
  async turn(contactKey: string, kind: "reply" | "push" = "push"): Promise<void> {
    const now = this.now();
    const contactSlot = kind === "reply" ? 0 : (this.nextForContact.get(contactKey) ?? 0);
    const slot = Math.max(now, this.nextOverall, contactSlot);
    this.nextOverall = slot + this.gap(this.options.overallGapMs);
    this.nextForContact.set(contactKey, slot + this.gap(this.options.contactGapMs));
    // Forget contacts whose gap has passed, so the map does not grow with every person ever served.
    if (this.nextForContact.size > 1000) {
      for (const [key, next] of this.nextForContact) if (next < now) this.nextForContact.delete(key);
    }
    if (slot > now) await this.sleep(slot - now);
  }

  private gap(minimum: number): number {
    return minimum * (1 + this.options.jitter * this.random());
  }
}
