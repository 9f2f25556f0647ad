/**
 * The product on a machine with nothing configured: no DATABASE_URL, no REDIS_URL. `npm run chat`
 * starts the embedded PostgreSQL and a private redis-server in its data folder, a scripted citizen
 * files a petition, the process stops; started again, the petition, the queued work and the
 * half-written next draft are all still there.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log";
import { startEmbeddedPostgres } from "../../src/services/embedded-postgres";
import { createDb } from "../../src/store/client";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-embedded-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm run chat` (its node command) with these lines on stdin; returns the reply blocks. */
function chat(name: string, lines: string[]): Promise<{ blocks: string[]; code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MINQING_DATA_DIR: dataDir, HEALTH_PORT: "0", TELEGRAM_BOT_TOKEN: "" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "src/chat.ts", "--as", name], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve({ blocks: stdout.split("\n\n").filter((block) => block.trim() !== ""), code, stderr }));
  });
}

describe("embedded mode through the terminal channel", () => {
  it("files a petition with no stores configured, and finds it all again after a restart", async () => {
    const first = await chat("alice", [
      "/start",
      "1", // 土地房屋
      "2", // 青石镇
      "1", // 东坡村
      "邻居的围墙占了我家的宅基地，调解没有结果。",
      "1", // 写完了
      "1", // 留下姓名和电话
      "王小红",
      "139 1234 5678",
      "1", // 确认提交
      "/start", // a second draft, left half-way
      "8", // 其他
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.blocks[1]).toMatch(/^请选择诉求类别：\n1\. 土地房屋\n/);
    expect(first.blocks.some((block) => block.includes("王小红，+8613912345678"))).toBe(true);
    const ack = first.blocks.find((block) => block.includes("查询码："));
    expect(ack, first.blocks.join("\n\n")).toBeDefined();
    const code = /查询码：(MQ\w{8})/.exec(ack!)![1]!;
    expect(ack).toContain("青石镇人民政府");

    const second = await chat("alice", [`/status ${code}`, "2"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.blocks[0]).toContain(`查询码：${code}`);
    expect(second.blocks[0]).toContain("地点：东坡村（青石镇）");
    // The half-written draft lived through the restart (Redis with its append-only file):
    // "2" answers the township question it was waiting on.
    expect(second.blocks.at(-1)).toContain("青石镇的哪个村");

    // Someone else on the same machine sees none of it.
    const stranger = await chat("bob", [`/status ${code}`]);
    expect(stranger.blocks[0]).toContain("没有找到");

    // In the data folder: the case, its events and the notices it caused, each once.
    const postgres = await startEmbeddedPostgres(dataDir, createLogger("silent"));
    const db = createDb(postgres.url, { poolSize: 1 });
    try {
      const petition = await db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { events: true } });
      expect(petition.events.map((e) => e.type)).toEqual(["petition.submitted", "case.registered", "case.assigned"]);
      const notices = await db.outbox.findMany({ where: { event: { petitionId: petition.id } } });
      expect(notices.filter((n) => n.messageKey === "notice_ack").map((n) => n.status)).toEqual(["sent"]);
      expect(notices.length).toBeGreaterThan(1);
      expect(await db.petition.count()).toBe(1);
    } finally {
      await db.$disconnect();
      await postgres.stop();
    }
  }, 120_000);
});
