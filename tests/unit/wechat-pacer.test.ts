/** The WeChat pacer: gaps overall and per contact, stretched by jitter, slots in the order asked. */
import { describe, expect, it } from "vitest";
import { Pacer } from "../../bots/wechat/pacer";

/** A pacer on a fake clock: sleeping advances time; returns the times each send happened. */
function pacedRun(randoms: number[], sends: string[], gaps = { overallGapMs: 1000, contactGapMs: 3000 }) {
  let now = 0;
  const pacer = new Pacer({ ...gaps, jitter: 0.5, random: () => randoms.shift() ?? 0, now: () => now, sleep: async (ms) => void (now += ms) });
  return (async () => {
    const times: [string, number][] = [];
    for (const contact of sends) {
      await pacer.turn(contact);
      times.push([contact, now]);
    }
    return times;
  })();
}

describe("WeChat pacing", () => {
  it("keeps the overall gap between any two messages and the longer gap to one contact", async () => {
    expect(await pacedRun([], ["a", "b", "a", "c"])).toEqual([
      ["a", 0],
      ["b", 1000],
      // a's next slot is 3000 after its first message, later than the overall one.
      ["a", 3000],
      ["c", 4000],
    ]);
  });

  it("lets a reply to someone who just wrote skip the per-contact gap, not the overall one", async () => {
    let now = 0;
    const pacer = new Pacer({ overallGapMs: 1000, contactGapMs: 3000, jitter: 0, now: () => now, sleep: async (ms) => void (now += ms) });
    await pacer.turn("a");
    await pacer.turn("a", "reply");
    expect(now).toBe(1000);
  });

  it("stretches gaps by the jitter, never shortens them", async () => {
    // random() = 1 → each gap is 1.5× its minimum.
    const times = await pacedRun([1, 1, 1, 1], ["a", "b"]);
    expect(times).toEqual([
      ["a", 0],
      ["b", 1500],
    ]);
  });

  it("serves concurrent callers in the order they asked", async () => {
    const pacer = new Pacer({ overallGapMs: 5, contactGapMs: 5, jitter: 0 });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => pacer.turn("a").then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });
});
