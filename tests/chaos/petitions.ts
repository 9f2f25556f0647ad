/**
 * Petitions offered as the conversation offers them: a confirmed submission handed to intake
 * (sealed, then acceptPetition: kept in PostgreSQL and queued), each from its own Telegram user,
 * a third of them with a name and a phone number, so the run can look for those in every log.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { ConfirmedPetition } from "../../src/cases/submission";
import { sealPetition } from "../../src/privacy/seal-petition";
import { acceptPetition, type AcceptDeps } from "../../src/queue/intake";
import { testCipher } from "../support/privacy";
import { standInBot } from "./platform";

export interface Offered {
  keys: string[];
  /** The petitioners' chat ids on the stand-in. */
  chats: string[];
  names: string[];
  phones: string[];
}

const routes = [
  { categoryId: "roads-water-power", areaId: "dongpo" },
  { categoryId: "labour-wages", areaId: "liuxi" },
  { categoryId: "land-housing", areaId: "longtan" },
  { categoryId: "roads-water-power", areaId: "hewan" },
];
// Rare given names, so that finding one in a log is no coincidence.
const surnames = ["欧阳", "司马", "上官", "诸葛"];
const givenNames = "翊翎璇琬瑾萱霖彧珩瑄";

let nextUser = 8_100_000_000;

function personName(): string {
  return `${surnames[randomInt(surnames.length)]}${givenNames[randomInt(givenNames.length)]}${givenNames[randomInt(givenNames.length)]}`;
}

function phoneNumber(): string {
  return `13${5 + randomInt(5)}${String(randomInt(100_000_000)).padStart(8, "0")}`;
}

export async function offerPetitions(intake: AcceptDeps, count: number, label: string): Promise<Offered> {
  const offered: Offered = { keys: [], chats: [], names: [], phones: [] };
  for (let i = 0; i < count; i++) {
    const route = routes[i % routes.length]!;
    const withContact = i % 3 === 0;
    const submission: ConfirmedPetition = {
      idempotencyKey: randomUUID(),
      user: { channel: "telegram", botAccount: standInBot.username, platformId: String(nextUser++) },
      language: "zh-CN",
      ...route,
      description: `${label}第${i + 1}号：村口的路灯坏了三个月，晚上孩子放学看不见路。`,
      attachments: [],
      anonymous: i % 7 === 0,
      submittedAt: new Date().toISOString(),
    };
    if (withContact) {
      submission.contactName = personName();
      submission.contactPhone = `+86${phoneNumber()}`;
      offered.names.push(submission.contactName);
      offered.phones.push(submission.contactPhone.slice(3));
    }
    // Sealed as the conversation seals it, with the keys the run gives its processes.
    await acceptPetition(intake, sealPetition(testCipher, submission));
    offered.keys.push(submission.idempotencyKey);
    offered.chats.push(submission.user.platformId);
  }
  return offered;
}

/** Personal data found in the logs: names (as written) and phone numbers (digits, any separators). */
export function leaksIn(logs: string, names: string[], phones: string[]): string[] {
  const compact = logs.replace(/(?<=\d)[\s\-.()]+(?=\d)/g, "");
  const digitWindows = new Set<string>();
  for (const run of compact.match(/\d{11,}/g) ?? []) for (let i = 0; i + 11 <= run.length; i++) digitWindows.add(run.slice(i, i + 11));
  const hanWindows = new Set<string>();
  for (const run of logs.match(/\p{Script=Han}{3,}/gu) ?? []) {
    for (let size = 3; size <= 4; size++) for (let i = 0; i + size <= run.length; i++) hanWindows.add(run.slice(i, i + size));
  }
  return [...names.filter((name) => hanWindows.has(name)).map(() => "name"), ...phones.filter((phone) => digitWindows.has(phone)).map(() => "phone")];
}
