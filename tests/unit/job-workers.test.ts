/**
 * The job worker's dispatch, without Redis: a job's name picks its type, its data is parsed before
 * the handler sees it, and what cannot succeed (a name nobody registered, malformed data) fails at
 * once as unrecoverable instead of spending every attempt.
 */
import { UnrecoverableError, type Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobContext } from "../../src/queue/jobs/context";
import { defineJob } from "../../src/queue/jobs/define-job";
import { jobRegistry, jobTypesOn } from "../../src/queue/jobs";
import { terminalQueueName } from "../../src/queue/queues";
import { jobProcessor } from "../../src/queue/workers";

const handled: unknown[] = [];
const echo = defineJob({
  name: "echo",
  schema: z.object({ word: z.string().min(1) }),
  options: { attempts: 3 },
  handle: async (data) => {
    handled.push(data);
    return data.word;
  },
});
const registry = [{ type: echo, queues: ["intake"] as const }];
const ctx = {} as JobContext;
const job = (name: string, data: unknown) => ({ id: "job-1", name, data }) as unknown as Job;

describe("the job worker", () => {
  it("hands a job to the type named by the job, with its data parsed", async () => {
    await expect(jobProcessor("intake", ctx, registry)(job("echo", { word: "你好", extra: 1 }))).resolves.toBe("你好");
    expect(handled.at(-1)).toEqual({ word: "你好" });
  });

  it("fails at once, unrecoverable, on a name no type registered for its queue", async () => {
    await expect(jobProcessor("intake", ctx, registry)(job("survey", {}))).rejects.toThrow(UnrecoverableError);
    await expect(jobProcessor("outbound", ctx, registry)(job("echo", { word: "x" }))).rejects.toThrow('no job type "echo" runs on queue outbound');
  });

  it("fails at once, unrecoverable, on malformed data, before the handler runs", async () => {
    const before = handled.length;
    await expect(jobProcessor("intake", ctx, registry)(job("echo", { word: "" }))).rejects.toThrow(UnrecoverableError);
    await expect(jobProcessor("intake", ctx)(job("record-petition", { idempotencyKey: "short" }))).rejects.toThrow(/record-petition has invalid data/);
    expect(handled).toHaveLength(before);
  });

  it("serves petitions on the intake queue and notices on the outbound queue, WeChat's own and each terminal process's own", () => {
    expect([...jobTypesOn("intake").keys()]).toEqual(["record-petition", "petition-delayed"]);
    expect([...jobTypesOn("outbound").keys()]).toEqual(["send-notice", "tell-directly"]);
    expect([...jobTypesOn("outbound-wechat").keys()]).toEqual(["send-notice", "tell-directly"]);
    expect([...jobTypesOn(terminalQueueName("3f9a0c")).keys()]).toEqual(["send-notice", "tell-directly"]);
    expect(new Set(jobRegistry.map((registration) => registration.type.name)).size).toBe(jobRegistry.length);
  });
});
