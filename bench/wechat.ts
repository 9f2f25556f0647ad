/**
 * `npm run bench:wechat`: the WeChat path on this machine, through the real runtime (Wechaty with
 * the conversation, queues, workers, PostgreSQL, the WeChat queue and its sender) with
 * wechaty-puppet-mock playing WeChat. BENCH_CITIZENS (default 100) people file a petition at the
 * same time, typing numbers as on WeChat.
 *   Pacing off (gaps 0): the adapter's own cost: petitions per second and reply times.
 *   Pacing on (the defaults, 1.5 s overall and 3 s per contact, +0–50 % jitter): how long the
 *   messages of BENCH_PACED (default 5) petitions take to go out, which is what WeChat's
 *   limits cost, not the software.
 * Prints details, then `wechat intake: N petitions/s`, `wechat reply p99: X ms` and
 * `wechat paced: N messages/min`.
 */
import { performance } from "node:perf_hooks";
import { startRuntime } from "../src/app/runtime";
import { parseConfig } from "../src/config";
import { createLogger } from "../src/log";
import { WechatWorld, type WechatPerson, type WechatReceived } from "../tests/support/wechat-mock";
import { createScratchStores, percentile } from "./scratch";

const citizens = Number(process.env.BENCH_CITIZENS ?? 100);
const paced = Number(process.env.BENCH_PACED ?? 5);

const numbered = (m: WechatReceived) => /\n1\. /.test(m.text ?? "");
const isAck = (m: WechatReceived) => /查询码：MQ/.test(m.text ?? "");

/** One petition by numbers; returns the reply time of each step. */
async function filePetition(person: WechatPerson, latencies: number[]): Promise<void> {
  const step = async (text: string, until: (m: WechatReceived) => boolean) => {
    const sent = performance.now();
    person.say(text);
    const reply = await person.next(until, 120_000);
    latencies.push(performance.now() - sent);
    return reply;
  };
  const pick = (list: WechatReceived, label: string) => list.text!.split("\n").find((line) => line.endsWith(`. ${label}`))!.split(".")[0]!;
  let list = await step("/start", numbered);
  list = await step(pick(list, "土地房屋"), numbered);
  list = await step(pick(list, "青石镇"), numbered);
  await step(pick(list, "东坡村"), (m) => m.text?.includes("请描述") ?? false);
  list = await step("邻居的围墙占了我家宅基地。", numbered);
  list = await step(pick(list, "写完了"), numbered);
  list = await step(pick(list, "匿名反映"), numbered);
  await step(pick(list, "确认提交"), (m) => m.text?.includes("已提交") ?? false);
  await person.next(isAck, 300_000);
}

async function run(label: string, count: number, gaps: { send: string; contact: string }) {
  const stores = await createScratchStores();
  const world = new WechatWorld();
  const config = {
    ...parseConfig({ QUEUE_PREFIX: stores.prefix, MINQING_DATA_DIR: stores.dataDir, WECHAT_SEND_GAP_MS: gaps.send, WECHAT_CONTACT_GAP_MS: gaps.contact, HEALTH_PORT: "0" }),
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
  };
  const runtime = await startRuntime(config, { log: createLogger("silent"), wechat: { puppet: world.puppet } });
  try {
    world.login();
    while (!runtime.wechat!.isOnline()) await new Promise((resolve) => setTimeout(resolve, 10));
    const people = Array.from({ length: count }, (_, i) => world.person(`居民${i}`));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(people.map((person) => filePetition(person, latencies)));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const messages = people.reduce((sum, person) => sum + person.inbox.total, 0);
    console.log(`${label}: ${count} petitions (${messages} messages from the bot) in ${seconds.toFixed(1)} s; reply p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    return { seconds, latencies, messages };
  } finally {
    await runtime.stop();
    await stores.remove();
  }
}

async function main() {
  const fast = await run("pacing off", citizens, { send: "0", contact: "0" });
  const slow = await run("pacing on (defaults)", paced, { send: "1500", contact: "3000" });
  console.log(`wechat intake: ${(citizens / fast.seconds).toFixed(1)} petitions/s`);
  console.log(`wechat reply p99: ${percentile(fast.latencies, 99).toFixed(0)} ms`);
  console.log(`wechat paced: ${((slow.messages / slow.seconds) * 60).toFixed(0)} messages/min`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
