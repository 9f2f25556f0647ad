/**
 * The notices Minqing owes people, as data: a typed message key, parameters that are ids and plain
 * values, and the recipient by role. The text is made only when a notice is sent, in the
 * recipient's language, with unit, area and category names looked up then (src/notices/render.ts),
 * so nothing is stored pre-rendered in one language. The compiler checks every key and its
 * parameters; a new notice is one entry here, one template per language and one presenter.
 */
import type { AnswerOutcome, EmergencyNumber, Priority, Satisfaction, VisitKind } from "./answers";
import type { Sealed } from "./sealed";

/**
 * How an assignment notice names the petitioner: never by name when they chose to be anonymous.
 * Name and phone stay sealed in the outbox; they are opened only when the notice is rendered for
 * the official handling the case.
 */
export type PetitionerParam = { anonymous: true } | { anonymous: false; name?: Sealed; phone?: Sealed };

/** Each notice's parameters. Ids name organisation data; dates are days (YYYY-MM-DD) in the office's zone. */
export interface NoticeMessages {
  /**
   * To the petitioner once the case is registered: the tracking code and who handles it.
   * `delayed`: they were told it was delayed (notice_delayed), so it also says it is now recorded.
   */
  notice_ack: { code: string; unitId: string; acceptBy: string; delayed?: true };
  /** To the official a case is assigned to. */
  notice_assignment: {
    code: string;
    categoryId: string;
    areaId: string;
    petitioner: PetitionerParam;
    description: string;
    attachments: number;
    acceptBy: string;
    /** A location the petitioner shared (WGS 84), for the official who goes there. */
    location?: { latitude: number; longitude: number };
    /** The case came by transfer (转办): from which unit, and why. */
    transfer?: { fromUnitId: string; reason: string };
    // priority (急事急办)
    /** Said at the head of the notice when the case is not of normal priority. */
    priority?: Exclude<Priority, "normal">;
  };
  /** To the unit head and the petition office when the assigned official has no chat account. */
  notice_unbound_official: { code: string; categoryId: string; areaId: string; officialId: string };
  /** To the unit head and the petition office when the unit has nobody on duty to assign. */
  notice_no_official: { code: string; categoryId: string; areaId: string; unitId: string };
  /** To the petition office: the WeChat account must be scanned in again. */
  notice_wechat_login: { account: string; link: string };
  /** To a petitioner whose confirmed petition could not be recorded after every attempt. */
  notice_not_recorded: Record<string, never>;
  /** The same, to a petitioner already told it was delayed: now it waits for staff, not for the system. */
  notice_not_recorded_after_delay: Record<string, never>;
  /**
   * To a petitioner whose confirmed petition is not recorded within PETITION_DELAY_NOTICE_SECONDS:
   * it is kept and will be recorded. Sent directly, not through the outbox: PostgreSQL may be down.
   */
  notice_delayed: Record<string, never>;
  /** To the petition office at the same time, naming the queue job and how long it has waited. */
  notice_delayed_office: { job: string; minutes: number };
  /** To the petition office when a petition it heard was delayed is recorded after all. */
  notice_delay_recorded_office: { code: string };
  /** To the petition office about the same failure, naming the queue job to retry. */
  notice_not_recorded_office: { job: string };

  // ── handling: to the petitioner (事事有回音) ──
  /** Accepted: by whom, and the day the answer is due. */
  notice_case_accepted: { code: string; unitId: string; officialId: string; answerBy: string };
  /** Declined as out of scope: why, and where to go instead. */
  notice_case_declined: { code: string; unitId: string; reason: string; redirect: string };
  /** A public progress note, in the handler's words. */
  notice_case_progress: { code: string; unitId: string; text: string; attachments: number };
  /** The approved answer, with its outcome in plain words. */
  notice_case_answered: { code: string; unitId: string; outcome: AnswerOutcome; text: string };
  /** The petitioner said they are not satisfied: the unit handles it again. */
  notice_case_reopened: { code: string; unitId: string };
  notice_case_closed: { code: string; unitId: string };

  // ── handling: to officials ──
  /** To the unit head (and a 包案 leader): an answer waits for approval. */
  notice_answer_for_approval: { code: string; officialId: string; outcome: AnswerOutcome; text: string };
  /** To the handler: the answer came back with a comment. */
  notice_answer_returned: { code: string; officialId: string; comment: string };
  /** To the handler: the answer went out; the revisit is next. */
  notice_answer_delivered: { code: string };
  /** To the unit head and the handler: the revisit found the petitioner unsatisfied. */
  notice_case_reopened_staff: { code: string; satisfaction: Satisfaction; opinion: string };
  /** To the handler: the petitioner added material or wrote to them. */
  notice_petitioner_added: { code: string; kind: "material" | "message"; text: string; attachments: number };
  notice_case_withdrawn_staff: { code: string; reason: string };
  /** To the handler: someone outside the unit (the first-contact owner, a leader, the office) noted something on the case. */
  notice_case_pressed: { code: string; officialId: string; text: string };
  /** To a responsible leader the petition office gave a case to hold (包案). */
  notice_case_held: { code: string };
  /** To the first-contact owner (首问负责): a step on a case they follow, by event type. */
  notice_owner_update: { code: string; event: string; unitId: string };

  // ── transfers (转办) ──
  /** To the petitioner: the case went to another unit, which will decide on acceptance by `acceptBy`. */
  notice_case_transferred: { code: string; unitId: string; acceptBy: string };
  /** To the petition office: a transfer across townships waits for its approval. */
  notice_transfer_for_approval: { code: string; officialId: string; fromUnitId: string; toUnitId: string; reason: string };
  /** To the official who asked, when the office approved: the case is with `unitId` now. */
  notice_transfer_approved: { code: string; unitId: string; officialId: string };
  /** To the official who asked, when the office did not approve: why, and the case stays. */
  notice_transfer_rejected: { code: string; unitId: string; officialId: string; comment: string };
  /** To the official who held the case: it went to `unitId`, they need do nothing more. */
  notice_transferred_away: { code: string; unitId: string };
  /** To the petition office: a case passed on more often than the limit (MAX_TRANSFERS). */
  notice_transfer_flag: { code: string; unitId: string; count: number; max: number };
  // ── co-handling (协办) and extension (延期) ──
  /** To the officials of a unit invited to co-handle: what is asked of them, by whom, on which case. */
  notice_co_handling_invited: { code: string; categoryId: string; areaId: string; leadUnitId: string; officialId: string; request: string; description: string };
  /** To the holding unit's handler: a co-handling unit added its part. */
  notice_co_handling_part: { code: string; unitId: string; officialId: string; text: string; attachments: number };
  /** To the unit head: the handler asks for more time. */
  notice_extension_for_approval: { code: string; officialId: string; reason: string; fromAnswerBy: string; toAnswerBy: string };
  /** To the petitioner: the answer will come later, why, and by when. */
  notice_case_extended: { code: string; unitId: string; reason: string; answerBy: string };
  /** To the handler who asked: granted, with the new day. */
  notice_extension_approved: { code: string; answerBy: string };
  /** To the handler who asked: refused, with the head's reason; the answer-by day stays. */
  notice_extension_rejected: { code: string; officialId: string; reason: string; answerBy: string };
  // ── casework end to end: the sign-off request ──
  /** To those whose signatures closure needs (handler, unit head, 包案 leader): a satisfied revisit is on record. */
  notice_signoff_due: { code: string; satisfaction: Satisfaction; opinion: string };
  // ── nobody unreached ──
  /**
   * To the petition office, once per case: neither the case's official nor its unit's head has a
   * chat account, so nobody in its chain hears of it. `officialId` is "" when nobody holds it.
   */
  notice_unreached_case: { code: string; categoryId: string; areaId: string; unitId: string; officialId: string };

  // ── visits ──
  /** To the cadre who recorded a petition at a visit: the tracking code to give the citizen, and how they claim it. */
  notice_visit_recorded: { code: string; unitId: string; acceptBy: string; visit: VisitKind };
  /** To that cadre: the citizen claimed it from their own account and hears of it from now on. */
  notice_visit_claimed: { code: string };

  // ── priority (急事急办) ──
  /**
   * To the head of the unit an urgent case goes to and to the petition office, as it is registered:
   * why it is urgent — the organisation's urgent words it matched (never the petitioner's text or
   * data), or none for a category urgent by default — and the numbers the citizen was told to call.
   */
  notice_urgent_case: { code: string; categoryId: string; areaId: string; unitId: string; words: string[]; calls: EmergencyNumber[] };
  /** To those handling the case (and the petition office, when urgent is involved): the priority changed, by whom, why. */
  notice_priority_changed: { code: string; officialId: string; from: Priority; to: Priority; reason: string };

  // ── deadlines: timer steps (src/notices/deadlines.ts) ──
  /** To the unit head: an assignment nobody accepted within the policy's hours; acceptance is due by `acceptBy`. */
  notice_unaccepted: { code: string; categoryId: string; areaId: string; officialId: string; acceptBy: string };
  /**
   * To the handler (or, 补位, their stand-in or the unit head while they are away): acceptance or
   * the answer is due on `dueBy`, today or soon.
   */
  notice_due_reminder: { code: string; date: "acceptBy" | "answerBy"; dueBy: string; today: boolean; awayOfficialId?: string };
  /** 督办: to escalation level `level`: the date passed `lateDays` days ago, and who holds the case. */
  notice_overdue: { code: string; categoryId: string; areaId: string; level: number; date: "acceptBy" | "answerBy"; dueBy: string; lateDays: number; unitId: string; officialId: string };
  /** To the petition office, once per year: the working-day calendar file lacks `year`, which dates reach from `from` on. */
  notice_calendar_uncovered: { year: number; from: string };
  /** 定期通报: to the petitioner while the case is open: still being handled, answer expected by `dueBy`. */
  notice_case_still_open: { code: string; unitId: string; dueBy: string; late?: boolean };
  // ── follow-up (回访) ──
  /** To the petitioner: are you satisfied with the answer to `code`? (`reminder`: asked again.) */
  notice_survey: { code: string; unitId: string; reminder?: boolean };
  /** To the handler (else the unit head): the petitioner did not answer the survey; revisit by phone or in person. */
  notice_revisit_task: { code: string };
  // ── 补位 ──
  /** To the official who held a case: `officialId` (the unit head or their stand-in) took it over. */
  notice_taken_over: { code: string; officialId: string; reason?: string };
  // ── 限期办结 ──
  /** To the handler (and the unit head, when a leader or the office set it): `officialId` moved the answer-by day. */
  notice_due_date_set: { code: string; officialId: string; reason: string; fromAnswerBy: string; answerBy: string };
  /** To the petitioner: the answer is now due by `answerBy`, for `reason`. */
  notice_case_due_date_set: { code: string; unitId: string; reason: string; answerBy: string };
}

export type NoticeKey = keyof NoticeMessages;

/** A key with its parameters; `{ key: "notice_ack", params: { … } }` only type-checks with the right ones. */
export type NoticeMessage = { [K in NoticeKey]: { key: K; params: NoticeMessages[K] } }[NoticeKey];

/** Who a notice is for, by the part they play in the case. */
export type RecipientRole =
  | "petitioner"
  | "handling_official"
  /** 首问负责: whoever first received the case keeps following it through. */
  | "first_contact_owner"
  | "unit_head"
  | "responsible_leader"
  | "petition_office"
  /** 协办: an official of a unit invited to add its part. */
  | "co_handler";

export type Recipient = { role: RecipientRole } & ({ personId: string } | { officialId: string });

/** A notice a decision owes: written to the outbox in the same transaction as its events. */
export interface OwedNotice {
  recipient: Recipient;
  message: NoticeMessage;
  /** Why this recipient gets it ("ack", "assignment", "steward"): one notice per event, recipient and purpose. */
  purpose: string;
  /** Sequence number (within the outcome's case) of the event that causes the notice. */
  eventSeq: number;
  /** Attachments of the case sent after the text (e.g. the petitioner's photos to the official). */
  attachmentIds?: string[];
  /**
   * Owed at most once for the case (to this recipient, for this purpose), whichever event causes it:
   * a second one is not written (the petition office hears once that a case reaches nobody).
   */
  oncePerCase?: true;
  /** Not sent before this (a reminder held to working hours, a petitioner's notice past the quiet hours). */
  notBefore?: Date;
  /**
   * Written, but held until the recipient can be reached: the petitioner of a visit-recorded case
   * has no chat account until they claim it; the claim releases what was held.
   */
  held?: true;
}

/** The de-duplication key of a case's notice: the same notice is never owed twice. */
export function noticeDedupKey(caseId: string, notice: Pick<OwedNotice, "recipient" | "purpose" | "eventSeq" | "oncePerCase">): string {
  const who = "personId" in notice.recipient ? `person:${notice.recipient.personId}` : `official:${notice.recipient.officialId}`;
  // Once for the case: no event number in the key, so the next event's copy is the same row.
  if (notice.oncePerCase) return `${caseId}#once/${who}/${notice.purpose}`;
  return `${caseId}#${notice.eventSeq}/${who}/${notice.purpose}`;
}

/** Pairs a key with its parameters where the key is a type parameter (the union cannot see that they match). */
export function noticeMessage<K extends NoticeKey>(key: K, params: NoticeMessages[K]): NoticeMessage {
  return { key, params } as NoticeMessage;
}
