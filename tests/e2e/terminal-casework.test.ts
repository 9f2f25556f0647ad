/**
 * A whole case driven through scripted terminal sessions, in embedded mode (no DATABASE_URL, no
 * REDIS_URL, one data folder): `npm run admin` loads the sample organisation and makes bind codes
 * while no Minqing runs; each official binds their terminal with "绑定 CODE"; a citizen files a
 * petition about 东坡村; then the terminals open one after another, each running its part from a
 * script — a typed number picks a notice's numbered action ("1" = 受理), words name the others
 * ("答复 MQ…") — until the citizen's terminal shows the closure notice.
 *
 * Terminals open one after another, so nothing here depends on notices reaching a terminal that is
 * already open in another process: every notice a step owes is an outbox row committed with the
 * step, and a terminal shows its pending notices when it opens. Set MINQING_TRANSCRIPT=FILE to keep
 * the blocks every terminal showed.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dataDir: string;
const transcript: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-casework-"));
});

afterAll(async () => {
  if (process.env.MINQING_TRANSCRIPT) await writeFile(process.env.MINQING_TRANSCRIPT, transcript.join("\n"));
  await rm(dataDir, { recursive: true, force: true });
});

interface Ran {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Embedded mode: nothing configured but the data folder. */
function embeddedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MINQING_DATA_DIR: dataDir, HEALTH_PORT: "0", TELEGRAM_BOT_TOKEN: "" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

/** Runs a script of ours (its node command) with `input` on stdin; a process that never ends fails the test. */
function run(args: string[], input: string, timeoutMs = 90_000): Promise<Ran> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { env: embeddedEnv(), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not finish within ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** `npm run admin -- ARGS`, with no Minqing running on the data folder. */
async function admin(...args: string[]): Promise<string> {
  const ran = await run(["src/admin/cli.ts", ...args], "");
  expect(ran.code, `admin ${args.join(" ")}: ${ran.stderr}`).toBe(0);
  // Nothing but the command's own output: no stack trace from the embedded PostgreSQL's exit.
  expect(ran.stderr).not.toMatch(/Error/);
  return ran.stdout;
}

/** `npm run chat -- --as NAME` with a script: the blocks the terminal showed, one per reply or notice. */
async function terminal(name: string, lines: string[]): Promise<string[]> {
  const ran = await run(["src/chat.ts", "--as", name], lines.map((line) => `${line}\n`).join(""));
  expect(ran.code, ran.stderr).toBe(0);
  const blocks = ran.stdout.split("\n\n").filter((block) => block.trim() !== "");
  transcript.push(`===== ${name}: ${lines.length === 0 ? "(opens the terminal, types nothing)" : lines.map((line) => `“${line}”`).join(" ")}`, ...blocks.map((block) => `${block}\n`));
  return blocks;
}

/** The block containing `text`, failing with everything the terminal showed when there is none. */
function block(blocks: string[], text: string): string {
  const found = blocks.find((b) => b.includes(text));
  if (!found) throw new Error(`no block with "${text}" in:\n\n${blocks.join("\n\n")}`);
  return found;
}

const count = (blocks: string[], text: string) => blocks.filter((b) => b.includes(text)).length;

describe("a case through scripted terminal sessions", () => {
  it("goes from intake to closure with two officials and a unit head, and the citizen's terminal shows each public step once", async () => {
    // The petition office, before any Minqing has run here: the organisation, then a code for each official.
    expect(await admin("load-org", "org/sample.yaml")).toContain("loaded org/sample.yaml");
    const codes: Record<string, string> = {};
    for (const official of ["wang-fang", "li-zhiqiang", "lin-xiaoyan"]) {
      const printed = await admin("bind-code", official);
      // What the office reads out to the official: the words to type on a terminal.
      codes[official] = /绑定 ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(printed)?.[1] ?? "";
      expect(codes[official], printed).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
    expect(block(await terminal("wangfang", [`绑定 ${codes["wang-fang"]}`]), "绑定成功")).toContain("王芳");
    expect(block(await terminal("lizhiqiang", [`绑定 ${codes["li-zhiqiang"]}`]), "绑定成功")).toContain("李志强");
    expect(block(await terminal("linxiaoyan", [`绑定 ${codes["lin-xiaoyan"]}`]), "绑定成功")).toContain("林晓燕");

    // The citizen files a petition; her terminal stays open until the acknowledgement arrives.
    const filed = await terminal("xiaohong", ["/start", "5", "2", "1", "村口路灯坏了三个月，晚上孩子放学看不见路。", "1", "1", "李小红", "139 1234 5678", "1"]);
    const code = /查询码：(MQ[0-9A-Z]{8})/.exec(block(filed, "查询码："))![1]!;
    expect(block(filed, "查询码：")).toContain("青石镇人民政府");

    // 王芳: the assignment is shown as her terminal opens; "1" accepts it. From the acceptance's
    // lines, "1" again notes progress (told to the petitioner); then her answer, in words.
    const handling = await terminal("wangfang", ["1", "1", "已联系供电所，本周内更换灯具。", "1", `答复 ${code}`, "1", "村口3盏路灯已于12月3日全部更换，今后由村委会负责日常维护。"]);
    expect(handling[0]).toContain(`【新交办】${code}`);
    expect(handling[0]).toContain("反映人：李小红 +8613912345678");
    expect(handling[0]).toContain(`1. 受理 ${code}\n2. 更多操作 ${code}`);
    expect(block(handling, "已受理")).toContain(`1. 记进展 ${code}`);
    expect(block(handling, "进展已记下")).toContain(code);
    expect(block(handling, "答复已提交")).toContain("待单位负责人审核");

    // 李志强: the approval request, with the answer he approves by typing 1.
    const approving = await terminal("lizhiqiang", ["1"]);
    expect(approving[0]).toContain(`【待审核答复】${code}`);
    expect(approving[0]).toContain("答复内容：村口3盏路灯");
    expect(approving[0]).toContain(`1. 审核通过 ${code}\n2. 退回答复 ${code}`);
    expect(block(approving, "已审核通过")).toContain("答复就会发给反映人");

    // 林晓燕 of the petition office phones the petitioner and records the revisit.
    const revisit = await terminal("linxiaoyan", [`回访 ${code}`, "1", "1", "路灯亮了，孩子晚上回家方便多了，谢谢。"]);
    expect(block(revisit, "回访已记下")).toContain(code);

    // 王芳: told the answer went out, then asked to sign; "1" signs (the last notice's lines). She
    // cannot close yet: the head has not signed.
    const signing = await terminal("wangfang", ["1", `结案 ${code}`]);
    expect(signing[0]).toContain(`【答复已送达】${code}`);
    expect(signing[1]).toContain(`【待签字】${code} 已回访，结果：满意。反映人意见：路灯亮了`);
    expect(signing[1]).toContain(`1. 签字 ${code}`);
    expect(block(signing, "已签字")).toContain(code);
    expect(block(signing, "还不能结案")).toContain("还缺：单位负责人回访后签字");

    const headSigns = await terminal("lizhiqiang", ["1"]);
    expect(headSigns[0]).toContain(`【待签字】${code}`);
    expect(block(headSigns, "已签字")).toContain(code);

    // She closes it and reads the whole timeline, as the product prints it.
    const closing = await terminal("wangfang", [`结案 ${code}`, `记录 ${code}`]);
    expect(closing[0]).toBe(`${code} 已办结，已告知反映人。`);
    const timeline = closing.slice(1).join("\n");
    for (const step of ["已受理", "办理进展：已联系供电所", "提交答复待审核", "答复审核通过", "林晓燕 已回访（内部）：路灯亮了", "签字确认", "已办结"]) expect(timeline, step).toContain(step);

    // The citizen opens her terminal: the public steps, each once, and nothing internal.
    const told = await terminal("xiaohong", []);
    expect(told).toEqual([
      `您的诉求 ${code} 已由青石镇人民政府（王芳）受理，将在 ${/答复期限 (\d{4}-\d{2}-\d{2})/.exec(block(handling, "已受理"))![1]} 前答复您。`,
      `您的诉求 ${code} 有新进展（青石镇人民政府）：已联系供电所，本周内更换灯具。`,
      `您的诉求 ${code} 已有答复（青石镇人民政府）。\n结果：已解决\n村口3盏路灯已于12月3日全部更换，今后由村委会负责日常维护。`,
      `您的诉求 ${code} 已办结。感谢您的反映和耐心。`,
    ]);

    // Each official heard of each step once, across all their sessions.
    const wangFangSaw = [...handling, ...signing, closing[0]!];
    for (const heading of ["【新交办】", "【答复已送达】", "【待签字】"]) expect(count(wangFangSaw, heading), heading).toBe(1);
    expect(count([...approving, ...headSigns], "【待审核答复】")).toBe(1);
    expect(count([...approving, ...headSigns], "【待签字】")).toBe(1);
    // The one who recorded the revisit is not asked to sign it: she signs nothing.
    expect(count(revisit, "【待签字】")).toBe(0);
  }, 420_000);
});
