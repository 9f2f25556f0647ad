/**
 * What a hostile (or merely careless) person types into the terminal channel, as one script of
 * lines: petitions completed the ordinary way, with hostile lines where the dialogue must refuse
 * or absorb them (choices, the description, the summary) and command floods between petitions.
 * Raw bytes, so invalid UTF-8 reaches the product as it would from a broken terminal.
 */
import { randomInt } from "node:crypto";

const esc = "\u001b";

/** Lines that must be refused or taken as plain text at any step, never crash or derail it. */
const hostileAtChoice: (string | Buffer)[] = [
  "0",
  "9",
  "-1",
  "99999999999999999999999999999999",
  "1e309",
  "NaN",
  "0x10",
  "９", // full-width 9: out of range
  `${esc}[2J${esc}[31m清屏${esc}[0m`,
  `\u0007\u0008\u000b\u000c 响铃`,
  "前\u0000后",
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
  "\u202e反向文字\u202c",
];

const hostileInDescription = (index: number): (string | Buffer)[] => [
  `很长的一行：${"路灯坏了，".repeat(20_000)}#${index}`,
  "😀🔥💯".repeat(3000),
  `${esc}]0;标题${esc}\\${esc}[5m闪烁${esc}[0m 控制序列`,
  Buffer.concat([Buffer.from("坏字节："), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from(` #${index}`)]),
  `空字符\u0000\u0000\u0000在中间 #${index}`,
  "\u200b\u200d\ufeff零宽字符",
  "a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301组合字符",
];

const commandFlood = (rounds: number): string[] =>
  Array.from({ length: rounds }, (_, i) => ["/help", "/status", `/status MQ${String(i).padStart(8, "0")}`, "查询", "帮助", "/cancel", "取消", "/status ../../etc/passwd", "/start 1 2 3", "/cancel"][i % 10]!);

export interface HostileScript {
  input: Buffer;
  lines: number;
  /** Petitions the script completes (each confirmed once). */
  petitions: number;
  names: string[];
  phones: string[];
}

const givenNames = "翊翎璇琬瑾萱霖彧珩瑄";

export function hostileScript(petitions: number): HostileScript {
  const lines: (string | Buffer)[] = [];
  const names: string[] = [];
  const phones: string[] = [];
  for (let p = 0; p < petitions; p++) {
    const name = `诸葛${givenNames[randomInt(givenNames.length)]}${givenNames[randomInt(givenNames.length)]}`;
    const phone = `13${5 + randomInt(5)}${String(randomInt(100_000_000)).padStart(8, "0")}`;
    names.push(name);
    phones.push(phone);
    lines.push("/start");
    lines.push(...hostileAtChoice); // at the category question
    lines.push("5", "2", "1"); // 道路水电, 青石镇, 东坡村
    lines.push(...hostileInDescription(p));
    lines.push(`第${p + 1}件：村口的路灯坏了三个月。`, "1"); // 写完了
    // At the contact question free text is taken as a name: only refusable lines here.
    lines.push("0", "3", "-1", "99999999999999999999", "1");
    lines.push("0x10", `${esc}[2J${esc}[31m清屏${esc}[0m`, name); // at the name question
    lines.push("前\u0000后", Buffer.from([0xff, 0xfe, 0xc3, 0x28]), `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`); // at the phone question
    lines.push("99999999999999999999", `${esc}[1A${esc}[K`); // at the summary
    lines.push("1"); // 确认提交
    lines.push(...commandFlood(30));
  }
  const input = Buffer.concat(lines.map((line) => Buffer.concat([typeof line === "string" ? Buffer.from(line, "utf8") : line, Buffer.from("\n")])));
  return { input, lines: lines.length, petitions, names, phones };
}

/** Confirmations the product acknowledged in the chat's output (“已提交，正在登记”). */
export function confirmationsIn(transcript: string): number {
  return transcript.split("已提交，正在登记").length - 1;
}
