/**
 * Reading a petitioner's reply to the satisfaction survey (回访): after an official answers, the
 * bot asks 您对办理结果满意吗？ with 1 满意 / 2 基本满意 / 3 不满意, and people answer in free
 * text, as they write or speak: 很满意, 凑合, 没解决, 👍, 滿意, "not really", a sentence that praises
 * the staff and says the problem is still there, voice-to-text with no punctuation.
 *
 * Pure and rule-based (no model, no network), so every reading can be explained by a table row.
 *
 * How a reply is read:
 * 1. Normalise: NFKC (full-width digits and letters, ① → 1), lower case, the traditional
 *    characters that matter (滿 → 满, 沒 → 没 …), a few voice-to-text homophones (慢意 → 满意,
 *    解绝 → 解决), regional words (莫得 / 冇 → 没有, 咗 → 了), emoji variation selectors and skin
 *    tones dropped, a question the citizen answers himself (不满意？不会…) dropped, punctuation
 *    turned into a clause break. A tracking code is blanked out; text after "还有一件事 / 我想问 / 我要反映"
 *    (a new matter) is not read.
 * 2. Scan phrase tables in order, longest and most specific first; each match blanks its span so
 *    a later, shorter phrase cannot match inside it (不是不满意 is consumed before 不满意, and
 *    不满意 before 满意). Each match is a signal: an explicit rating, an outcome (解决了 / 没解决),
 *    a lukewarm word, praise, a complaint, a mild reservation (太慢, 跑了好几趟), sarcasm (呵呵),
 *    "cannot say" (不知道, 再看看), the rating put off (过几天再说, 等修好了再评), or a turn in
 *    the sentence (但是, 不过, 终于, 现在).
 * 3. Decide (see `decide`), following the labelling standard:
 *    - an explicit rating outweighs a sentiment word; among conflicting ratings a later one after
 *      a turn wins ("以前不满意现在满意了"), otherwise the outcome decides, else unclear;
 *    - the outcome of the problem outweighs manners: 没解决 makes any reply unsatisfied unless
 *      it is followed by an explicit positive rating (then basically satisfied at best);
 *    - a positive verdict with a complaint or reservation after it (or without a turn that
 *      concedes it: "虽然跑了几趟但是解决了") becomes basically satisfied;
 *    - a rating word aimed at the staff or the process (态度满意, 对过程不满意) counts as manners;
 *    - the problem still there, or its missing part named (还是吵, 剩下的年底再给, 只打了七成),
 *      or the result disputed (不公平, 不是一回事) is unsolved; accepted after a turn (不过能接受)
 *      it is basically satisfied;
 *    - a mild negation (不太满意, 满意也谈不上) softened after a turn by a lukewarm word or a
 *      solved problem is basically satisfied;
 *    - a reservation followed by a plain 满意 is conceded (跑了好几趟，问题也解决了，非常满意).
 *
 * Decisions taken where the standard leaves room (the tests pin each one):
 * - 谢谢 / 谢谢你们 / 感谢 alone is thanks for the answer: satisfied.
 * - A bare yes to the question (是的, 对, 嗯, 好的, yes) is satisfied; a bare no (不, 不是, no) is
 *   unsatisfied; a bare 可以 / 行 / ok is lukewarm (basically satisfied); 收到 / 知道了 / 哦 /
 *   没有 acknowledge without rating: unclear.
 * - 还不错 / 比较满意 / 总体满意 are satisfied; 还算满意 / 算是满意 / 大体满意 / 不完全满意 are
 *   basically satisfied; 有点不满意 and a bare complaint (太慢了) are unsatisfied.
 * - 满意，就是太慢了 is basically satisfied (the clause after 就是 carries a reservation).
 * - A question about progress or timing (怎么查进度, 什么时候能解决) is not a rating; a wish for a
 *   solution (希望早日解决) is unsatisfied (it says the problem is still there).
 * - A reply that opens with 我要投诉 / 我要举报 is a new grievance and not read as a rating.
 * - English "not bad" and "ok" are lukewarm: basically satisfied.
 * - Without `numbers`, a bare number is not a rating (666 included); digits next to words are ignored.
 * - With `numbers`: 333 is option 3; two options (1和3, 1还是2) or one asked about (3？) is unclear;
 *   a number followed by a unit (2号楼, 3天) is part of a phrase; 666 is praise; a number outside
 *   the options (4, 0, 13) is not a rating.
 * - A score out of 100: 90 and up satisfied, 60–89 basically satisfied, under 60 unsatisfied.
 * - 👍👎 (bare approval and bare disapproval, no reason for either) is unclear; 🤷 🤔 are unclear.
 * - Questions to the bot (怎么联系负责人, 这是政府的吗) are not ratings, whatever words they contain.
 */
import type { Satisfaction } from "../kernel/answers";

export type ReplyReading =
  /** saysMore: the reply carries words beyond the rating itself (a reason), so the bot need not ask for one. */
  | { kind: "rating"; rating: Satisfaction; saysMore: boolean }
  /** About satisfaction, but a careful reader could not say which rating: the bot asks one clarifying question. */
  | { kind: "unclear" }
  /** Not an answer to the survey at all: a greeting, a question, a new grievance, a tracking code. */
  | { kind: "not_a_rating" };

export interface ReadOptions {
  /**
   * The survey was shown as numbered options (or buttons whose numbers the citizen may type):
   * a bare 1 / 2 / 3 (also １, 一, 选1, "1.", 3号, 第二个) is that option.
   * @defaultValue false: a bare number is not a rating, because a number typed inside another
   * dialogue must never be taken as one.
   */
  numbers?: boolean;
}

/** Reads one reply to 您对办理结果满意吗？ */
export function readSurveyReply(text: string, options: ReadOptions = {}): ReplyReading {
  const normalised = cutNewMatter(normalise(text));
  // Typed outside the survey, digits alone (23, even 666) are never a rating.
  if (!options.numbers && /^[0-9\s,]+$/.test(normalised)) return { kind: "not_a_rating" };
  if (options.numbers && hesitation.test(text.normalize("NFKC").trim())) return { kind: "unclear" };
  const chosen = options.numbers ? readChosenNumber(normalised) : null;
  const words = chosen ? chosen.rest : normalised;

  const whole = readWholeReply(words);
  if (whole) return chosen && whole.kind === "rating" && whole.rating !== chosen.rating ? { kind: "unclear" } : whole;

  const signals = scan(words);
  if (chosen) return withChosenNumber(chosen.rating, signals, words);
  return decide(signals, words);
}

// ───────────────────────────── normalising ─────────────────────────────

/** Traditional characters that occur in survey replies, to their simplified form. */
const traditional: Record<string, string> = Object.fromEntries(
  [
    "滿满", "沒没", "決决", "還还", "問问", "題题", "謝谢", "辦办", "處处", "態态", "麼么", "嗎吗",
    "給给", "點点", "讚赞", "贊赞", "評评", "這这", "個个", "們们", "說说", "關关", "無无", "覺觉",
    "實实", "為为", "樣样", "壞坏", "錯错", "對对", "過过", "幫帮", "馬马", "強强", "夠够", "應应",
    "時时", "間间", "長长", "現现", "負负", "責责", "進进", "來来", "後后", "邊边", "見见", "聽听",
    "氣气", "煩烦", "認认", "訴诉", "訪访", "讓让", "從从", "結结", "會会", "開开", "發发", "號号",
    "選选", "碼码", "詢询", "復复", "湊凑", "將将", "極极", "較较", "總总", "體体", "嚴严", "專专",
    "業业", "熱热", "譜谱", "貼贴", "遲迟", "幾几", "轉转", "諉诿", "勁劲", "騙骗", "動动", "靜静",
    "變变", "舊旧", "話话", "難难", "興兴", "聯联", "繫系", "錢钱", "補补", "償偿", "員员", "務务",
    "盡尽", "誠诚", "懇恳", "確确", "趕赶", "緊紧", "讓让", "頭头", "灣湾", "們们", "辛辛", "苦苦",
    "顧顾", "護护", "棄弃", "愛爱", "謂谓", "況况", "準准", "談谈", "稱称", "參参", "半半", "屆届",
    "隨随", "歡欢", "觀观", "望望", "費费", "勞劳", "傳传", "達达", "證证", "據据", "於于", "並并",
  ].map((pair) => [pair[0]!, pair[1]!]),
);

/** Voice-to-text homophones of the words that matter (满意 read as 慢意, 解决 as 解绝). */
const homophones: [RegExp, string][] = [
  [/[慢蛮瞒曼漫馒]意|满[义亦忆]/g, "满意"],
  [/[几鸡机积]本满意/g, "基本满意"],
  [/解[绝诀觉]|[结接节]决/g, "解决"],
  [/每解决/g, "没解决"],
  [/凑[和活或]/g, "凑合"],
  [/提皮球/g, "踢皮球"],
  [/[服浮]衍/g, "敷衍"],
];

/**
 * Regional words for the words the tables know (Sichuan 莫得, Cantonese 冇 / 咗, Henan 俺 / 哩),
 * so that 莫得人管 reads as 没有人管 and 投诉咗都冇用 as 投诉了都没用.
 */
const dialect: [RegExp, string][] = [
  [/莫得|木有|冇有|没得(?!说)/g, "没有"],
  [/冇/g, "没"],
  [/咗/g, "了"],
  [/俺/g, "我"],
  [/哩/g, "呢"],
  [/不得行/g, "不行"],
];

/**
 * A question the citizen asks himself and then answers (不满意？不会，我很满意 / 中不中？不中！):
 * the question is not a verdict, the answer is. Only a question followed by a denial or a yes.
 */
const selfAnswered = /^[^?？]*[?？]\s*(?=(不|当然|怎么会|哪(里|能|会)|是的))/;

/** The clause break that punctuation becomes; phrases never span it. */
const BREAK = ",";

function normalise(text: string): string {
  let t = text.normalize("NFKC").toLowerCase().replace(selfAnswered, "");
  t = [...t].map((ch) => traditional[ch] ?? ch).join("");
  // Variation selectors and skin tones would split an emoji from its table entry.
  t = t.replace(/[\u{FE0E}\u{FE0F}\u{1F3FB}-\u{1F3FF}\u{200D}]/gu, "");
  // WeChat's text emoji ([强], [微笑]) become words the tables know, before brackets go.
  t = t.replace(/\[(强|赞|ok|抱拳|握手|玫瑰|胜利|愉快|呲牙|憨笑|微笑|鼓掌|爱心)\]/g, "👍");
  t = t.replace(/\[(弱|发怒|流泪|难过|撇嘴|鄙视|大哭|怒|白眼|抓狂)\]/g, "👎");
  for (const [pattern, replacement] of [...homophones, ...dialect]) t = t.replace(pattern, replacement);
  // Punctuation is a clause break; spaces matter only between two latin letters or digits.
  t = t.replace(/(?!\p{Extended_Pictographic})[\p{P}\p{S}]/gu, BREAK);
  t = t.replace(/\s+/g, " ").replace(/ (?![a-z0-9])|(?<![a-z0-9]) /g, "");
  return t.replace(/,+/g, BREAK).replace(/^,|,$/g, "");
}

/** Text from a new matter on (还有一件事…, 我想问…, 我要反映…) is not an answer to this survey. */
const newMatter =
  /另外(还有)?(一件|一个|个)?(事|问题)|还有(一件|一个|个|件)(事|问题|情况)|(还|再)?(要|想)(反映|咨询|问一下|问问|问个|问)|顺便(问|说|反映)|再反映|反映一下|其他(的)?(事|问题)|别的(事|问题)|^(我)?(要|想)(投诉|举报)|another (issue|problem|matter|question)|\bi (want|would like) to (ask|report)/;

function cutNewMatter(text: string): string {
  const at = text.search(newMatter);
  return at < 0 ? text : text.slice(0, at).replace(/,$/, "");
}

// ───────────────────────────── numbers and whole replies ─────────────────────────────

const optionByNumber: Record<string, Satisfaction> = {
  "1": "satisfied", 一: "satisfied",
  "2": "basically_satisfied", 二: "basically_satisfied", 两: "basically_satisfied",
  "3": "unsatisfied", 三: "unsatisfied",
};

/**
 * Characters after a number that make it part of a phrase, not a choice: 2号楼, 3天, 1个月, 2次.
 */
const UNIT = "楼栋幢单层室户天日月年周次趟回块元万千百岁人家组点分米斤";

/**
 * 1, 选1, 选择2, 我选3, 选第三个, 3号, 333 (pressed hard), "1." at the start of the reply, with what
 * follows it. A Chinese numeral counts only when marked (选一, 第一个, 一号) or standing alone: 一般,
 * 三天 are words; a digit followed by a unit (2号楼, 3天) is part of a phrase.
 */
const chosenDigit = new RegExp(`^(?:我)?(?:选择?|选项)?第?([123])\\1*(?:号|个|项|条)?(?![0-9号个项条${UNIT}])(?:,|\\s)?(.*)$`);
const chosenNumeral = /^(?:(?:我)?(?:选择?|选项)?第([一二两三])(?:号|个|项|条)?|(?:我)?(?:选择?|选项)([一二两三])(?:号|个|项|条)?|([一二两三])(?:号|个|项|条)|([一二两三])(?=,|$))(?:,)?(.*)$/;

/**
 * Two different options (1和3, 1还是2呢) or an option asked about (3？, 选2吗): the citizen has
 * not chosen yet.
 */
const hesitation = /^[^,]{0,4}[123一二三]\s*(和|跟|与|或|或者|还是|,)\s*(选)?[123一二三](?![0-9])|^[^,]{0,4}[123]\s*((吗|么|呢)\s*\??|\?+)$/;

function readChosenNumber(text: string): { rating: Satisfaction; rest: string } | null {
  const digit = chosenDigit.exec(text);
  if (digit) return { rating: optionByNumber[digit[1]!]!, rest: digit[2] ?? "" };
  const numeral = chosenNumeral.exec(text);
  if (!numeral) return null;
  const which = numeral[1] ?? numeral[2] ?? numeral[3] ?? numeral[4]!;
  return { rating: optionByNumber[which]!, rest: numeral[5] ?? "" };
}

/** A chosen number stands; words only add a reason, or contradict it with another explicit rating. */
function withChosenNumber(rating: Satisfaction, signals: Signal[], words: string): ReplyReading {
  const stated = signals.filter((s) => s.kind === "rating" && !s.manner).map((s) => (s as RatingSignal).value);
  if (stated.some((value) => value !== rating)) return { kind: "unclear" };
  return { kind: "rating", rating, saysMore: saysMore(signals, words) };
}

/** Short answers to the yes/no question, read only when they are the whole reply. */
const wholeReplies: [RegExp, ReplyReading][] = [
  // Yes to "满意吗？"
  // 中 (Henan) and 要得 (Sichuan) are a yes.
  [/^(是|是的|是啊|对|对的|对啊|嗯|嗯嗯|恩|恩恩|好+|好的|好滴|很好|中|可中|要得|yes|yeah|yep|yup|sure|y)$/, { kind: "rating", rating: "satisfied", saysMore: false }],
  // Acceptable, no more: the lukewarm middle.
  [/^(可以|可以的|行|行吧|行的|ok|okay|okey|k|fine|its fine|it is fine|alright|all right)$/, { kind: "rating", rating: "basically_satisfied", saysMore: false }],
  // No to "满意吗？"
  [/^(不|不是|否|不行|不中|一点(也|都)不|根本不|完全不|当然不|no|nope|nah|n|not at all)$/, { kind: "rating", rating: "unsatisfied", saysMore: false }],
  // Acknowledging the answer without rating it.
  [/^(没有|收到|收到了|好的收到|知道了|了解|了解了|明白|明白了|哦|噢|喔|哦哦|ok收到|got it|noted|received)$/, { kind: "unclear" }],
];

function readWholeReply(words: string): ReplyReading | null {
  const bare = words.replace(/[,\s]/g, " ").trim().replace(/(?<=[^a-z]) | (?=[^a-z])/g, "").replace(/[啊呀吧呢哈啦]+$/, "");
  for (const [pattern, reading] of wholeReplies) if (pattern.test(bare)) return reading;
  return null;
}

// ───────────────────────────── signals ─────────────────────────────

/** mild: a soft negation (不太满意) that a concession after a turn raises to basically satisfied. */
type RatingSignal = { kind: "rating"; value: Satisfaction; manner?: boolean; mild?: boolean };
type Signal = (
  | RatingSignal
  /** What happened to the problem: solved, partly solved, not solved. */
  | { kind: "outcome"; value: "solved" | "partly" | "unsolved" }
  /** 还行, 凑合, 一般: a lukewarm verdict. */
  | { kind: "lukewarm" }
  | { kind: "praise"; manner?: boolean }
  | { kind: "complaint"; manner?: boolean }
  /** A mild cost on the way (太慢, 跑了好几趟): lowers a positive verdict, does not reverse it. */
  | { kind: "reservation" }
  | { kind: "sarcasm" }
  /** 不知道, 再看看, 满意吗: about the survey, but no verdict. */
  | { kind: "undecided" }
  /** 过几天再说, 等修好了再评: the rating put off; outweighs everything but an explicit rating. */
  | { kind: "deferred" }
  /** 但是, 不过, 终于, 现在: the sentence turns; what follows carries the verdict. */
  | { kind: "turn" }
  /** Consumed so that its words do not count elsewhere (不好意思, 没想到, 一般来说). */
  | { kind: "neutral" }
) & { at?: number; reason?: boolean };

interface Row {
  pattern: RegExp;
  signal: Signal;
}

const row = (pattern: RegExp, signal: Signal): Row => ({ pattern, signal });
const rating = (value: Satisfaction): Signal => ({ kind: "rating", value });
const outcome = (value: "solved" | "partly" | "unsolved"): Signal => ({ kind: "outcome", value, reason: true });

/** Words that look like signals but are not: consumed first. */
const neutralPhrases: Row[] = [
  row(/不好意思|没想到|没料到|一般来说|一般情况|差点|没多大问题(?=吗)/, { kind: "neutral" }),
  // A tracking code: MQ + 8 characters of the code alphabet.
  row(/mq[2-9a-z]{8}/, { kind: "neutral" }),
  // Questions about progress or timing are questions, not verdicts.
  row(/什么时候(能|才能|可以|会|才|给)?(我)?(解决|办好|处理|落实|到账|修好|答复|回复|有结果)|怎么查|查(一下)?进度|进度(如何|怎样|怎么样)/, { kind: "neutral" }),
  // Questions to the bot about whom to reach or whether it is genuine: not a verdict, whatever words follow.
  row(/(怎么|如何|哪里|在哪|去哪|怎样)(才能|能|可以)?(联系|找到?|打电话给|申请|办理)[^,]*|是(不是)?(政府|官方|真的)(的)?(吗|么|吧)|(不是|是不是)骗子(吧|吗)?/, { kind: "neutral" }),
  // A wish for the future after the result (希望别再坏了) neither lowers nor raises it.
  row(/希望(以后|今后|下次)?(别|不要|不会)再[^,]*|希望(以后|今后)?(能)?(继续|保持)[^,]*/, { kind: "neutral" }),
  // Thanks for the trouble (麻烦你们了) is praise, not 麻烦 the reservation.
  row(/(麻烦|辛苦|打扰)(你|您|你们|您们|大家|了)|添麻烦/, { kind: "praise" }),
  // Quickly done: 没多久就 / 没几天就 are praise, not 没 + something.
  row(/没(用|过|等)?(多久|几天|多长时间|几分钟|两天|三天)|没费(什么|啥)?(劲|事)|没(有)?让(我|人)?失望|没白(跑|等)/, { kind: "praise", reason: true }),
];

/** Explicit ratings, most specific first: double negatives, then partial negation, then negation, then plain. */
const ratingPhrases: Row[] = [
  // Cannot say whether (说不上满不满意, 满意也不满意): undecided, before any part of it is read.
  row(/(说不上|说不好|不知道|谈不上|不好说)(是)?满不满意|满意也不满意|(又|既)满意又不满意|满意又不满意|有满意也有不满意|满不满意|是否满意/, { kind: "undecided" }),
  // Nothing to complain about: satisfied.
  row(/没(有)?(什么|啥|任何)?(可|好|能)?(不满意|不满)(的)?(地方)?|不会(有)?不满意|没(有)?(什么|啥)?(可|好)?挑剔(的)?|挑不出(什么)?毛病|没(有)?(什么|啥)?毛病|没得说|没话说|没的说|无可挑剔/, { ...rating("satisfied") }),
  // Less unsatisfied than before: reserved.
  row(/没(有)?(以前|之前|原来|上次|开始)那么不满意/, rating("basically_satisfied")),
  // Not unsatisfied: a lukewarm positive.
  row(/(也|倒|倒也|并|并不|倒不)?(不是|不能说|不算|谈不上|说不上|算不上)(很|太|特别)?不满意/, rating("basically_satisfied")),
  // Not fully satisfied: basically.
  row(/(不|没|没有|并不)(是)?(完全|百分之?百|全部|十足|彻底|一百个)满意/, rating("basically_satisfied")),
  // Rhetorical and sarcastic: unsatisfied.
  row(/满意(个|什么|啥|你个|才怪|得起来|个啥|个屁|个鬼|个毛|个头)|满意不(了|起来)|满意(是)?不可能(满意)?|不可能满意|谁说(我|我们)?(很)?满意|(怎么|咋|哪)(可能|会|能)?满意|能满意(吗|么|才怪)|(有|没)(有)?(什么|啥)(好|可|值得)?满意|还满意呢|呵呵(满意|,满意)/, rating("unsatisfied")),
  // Cannot call it satisfied, said mildly (不太满意, 满意也谈不上): a later concession can raise it to basically.
  row(/满意(也|倒|还|就)?(谈不上|说不上|算不上|称不上)|(不|并不|没|没有)(是)?(太|很|特别|那么|怎么|大)满意|(谈不上|说不上|算不上|称不上)满意/, { kind: "rating", value: "unsatisfied", mild: true }),
  // Not (very) satisfied, cannot call it satisfied, not satisfying: unsatisfied.
  row(/(不|没|没有|并不|并没有|谈不上|说不上|算不上|称不上|不能说|不能算|不怎么|没那么|没有那么)(是|算|太|大|怎么|咋|很|那么|特别|非常|十分|够|甚|多|多么|是很|是太|是特别|是非常|是十分|是那么|是多|太让人)?满意|(不|没|无法|难以|不能)(让|令)(人|我)满意|不尽(如)?人意|不满/, rating("unsatisfied")),
  // A question back: undecided.
  row(/满意(吗|么|嘛|不|没|没有)(?![满解])/, { kind: "undecided" }),
  // Demanding a satisfying answer means not having one.
  row(/(希望|要|请|请你们|必须)(能)?给(我|我们)?(一个|个)?满意的(答复|结果|交代|说法|处理)/, rating("unsatisfied")),
  // Reserved: basically satisfied.
  row(/基本(上)?(还|是|还是|都)?满意|大体(上)?满意|大致(上)?满意|大部分满意|还算(是)?满意|算是满意|(应该)?算满意|一般满意|勉强(算)?满意|凑合满意|差不多满意|马马虎虎满意|有点满意|差强人意/, rating("basically_satisfied")),
  // Satisfied, with or without an intensifier.
  row(/满意/, rating("satisfied")),
  // English, most specific first.
  row(/\bnot (un|dis)satisfied/, rating("basically_satisfied")),
  row(/\bnot (completely|fully|entirely|totally|100%|quite) (satisfied|happy)/, rating("basically_satisfied")),
  row(/\b(basically|mostly|somewhat|fairly|reasonably|partly|partially|more or less|kind of|sort of|kinda|sorta) (satisfied|happy)/, rating("basically_satisfied")),
  row(/\b(not|never|hardly|not very|not really|not at all|not so|not too) (satisfied|happy|pleased)|\bunsatisfied|\bdissatisfied|\bunhappy|\bnot really\b/, rating("unsatisfied")),
  row(/\b(very |quite |fully |completely |really |totally |extremely |so |pretty |absolutely )?(satisfied|pleased)\b/, rating("satisfied")),
];

/** What happened to the problem: the outcome outweighs manners. */
const outcomePhrases: Row[] = [
  // Asking whether it was solved: no verdict.
  row(/解决(了)?(吗|么|没|没有)|有没有(给我)?解决/, { kind: "undecided" }),
  // What is still missing named (剩下的年底再给, 只打了七成, 另一半还是坑坑洼洼): the problem is still there.
  row(/剩下的|剩余的|另一半|还欠|还差|只(打|给|发|还|补|退|修|要回来|要回)了?(一半|[一二三四五六七八九]成|一部分|部分|一点)/, outcome("unsolved")),
  // The result disputed (不公平, 不认同, 答的不是一回事): not solved for the citizen.
  row(/不公平|不公正|不合理|不认同|不认可|不服|不是一回事|文不对题|牛头不对马嘴/, outcome("unsolved")),
  // Not solved thoroughly: partly.
  row(/解决(得)?不(彻底|完全|到位)/, outcome("partly")),
  row(/不是没(有)?解决/, { kind: "neutral" }),
  // Partly solved.
  row(/(一部分|部分|有些|有的|个别|一些|还有点|还有些)(问题)?(还)?(没|没有|未)(能)?解决|(基本|基本上|大部分|差不多|大体|初步)(都)?(得到)?解决|解决(了)?(一部分|一半|部分|一点|一些)|没(有)?(完全|彻底|全部|根本上)解决|还有(点|些|一些|一点)?(小)?问题/, outcome("partly")),
  // Not solved: 没解决, 问题还在, 没人管, no effect.
  row(/(没|没有|未|未能|没能|尚未|不|无法|没法|没办法|不给|没给)(给|帮)?(我|我们)?(彻底|真正|及时|好好)?解决|解决(不了|什么了|了个啥|个啥)|哪(里|儿)?解决了|(没|没有|还没|未)(给|帮)?(我|我们)?(处理|办|办理|落实|修|修好|兑现|整改|到账|拿到|退|赔|补|弄好|搞好|动|回复|答复|联系我)/, outcome("unsolved")),
  row(/问题(还|依旧|依然|仍然|照样|照旧)?(在|存在|没变)|问题(依旧|依然|照旧)|(一点|一丝)?(变化|改变|效果|动静|进展|反应)(都|也)?没(有)?|(还是|依然|依旧)(老样子|那样|一样|没变|不行)|老样子|跟(以前|原来)一样|和(以前|原来)一样|(一点)?(都)?没(有)?(变化|改变|变|动静|下文|结果|进展|效果|回音)|照旧|又(复发|出现|开始|坏|漏|停|来)/, outcome("unsolved")),
  row(/没(有)?人(管|理|来|问|处理|联系|回|过问|清理|修)|无人问津|不管不问|不闻不问|管都不管|根本不管|没(有|啥|什么)?用|不管用|不起作用|毫无作用|无济于事|于事无补|石沉大海|不了了之|等于没(说|办)|白(说|跑|等|忙)/, outcome("unsolved")),
  // Still bad now (还是吵, 到现在还在人家手里, 又闪了): not solved. After 没解决 and the like, so that 还是没解决 reads whole.
  row(/(还是|依然|依旧|仍然|照样)(很|太|有点|那么)?(吵|黑|漏|臭|堵|坏|烂|不亮|不通|不够|没(有)?(?!问题)|(是)?(人家|别人)|坑坑洼洼|有(?!(点|些|一点|一些)?(小)?问题))|(到现在|至今|现在)(都|也)?还(在|是|没)|(还|到现在|至今)(都)?没(有)?(给|发|到|还|退|来)|又(闪|灭|黑|不亮|堵|吵|响|臭|断)|打不通|联系不上|找不到人/, outcome("unsolved")),
  // Hoping for a solution means not having one.
  row(/(希望|盼望|期待|请|请求|要求)(你们)?(早日|尽快|尽早|快点|赶紧|能|早点|马上)?(帮|给)?(我|我们)?(解决|处理|落实)/, outcome("unsolved")),
  // Solved.
  row(/(已经|已|都|全|全部|彻底|完全|圆满|顺利|及时)?(得到)?(了)?(圆满|妥善|彻底|及时)?解决|补(办|发|上|齐|好)了|(打|发|退|还|给|要)(过来|回来|下来)了|(通|亮)了|修了|有人(管|来|处理|修)了|结果(是|还是|挺|很|还)?(好|不错)(的)?|(处理|办|弄|搞|修|装|改)(好|完)了|搞定|已(经)?(处理|办结|落实|到账|修好)|到账了|拿到了|落实了|兑现了|整改了|恢复了|没(有)?问题了|(现在|已经|终于|总算)(都)?好了/, outcome("solved")),
  // English.
  row(/\b(not|never|hasn't|hasnt|has not|wasn't|wasnt|was not|isn't|isnt|is not|still not|not yet)( been)? (solved|resolved|fixed|sorted|handled)|\bunsolved|\bunresolved|\bstill (broken|there|the same|a problem|happening)|\bnothing (changed|happened|was done|has changed)|\bnobody (came|cares|helped|did anything)|\buseless\b/, outcome("unsolved")),
  row(/\bpartly|\bpartially|\bhalf (solved|fixed|done)/, outcome("partly")),
  row(/\b(solved|resolved|fixed|sorted|handled|done)\b/, outcome("solved")),
];

/** Sentiment: lukewarm words, praise, complaints, reservations, sarcasm, undecided. */
const sentimentPhrases: Row[] = [
  // Cannot say yet: undecided.
  // Putting the rating off (过几天再说, 等修好了再评, 这要看…, 我得问问…): no verdict yet, whatever else is said.
  row(/(过|等)(几天|两天|一段时间|一阵子?|以后|之后)(再)?(说|评|看)|等[^,]{0,8}(再评|再说|再打分|再看)|(暂时|暂且|先)(不|别)?(评价|评|打分)|(暂不|还不能|没法|无法|不想)(评价|评|打分)|(这|那|还|就)?(要|得)看(他们|你们)?|取决于|(得|先|需要|回去)[^,]{0,6}(问问|问一下|商量|考虑)|\bdon,?t know|\bdo not know/, { kind: "deferred" }),
  // Shrugging and thinking: undecided.
  row(/🤷|🤔/, { kind: "undecided" }),
  row(/怎么(评价|评|打分|选)|不知道|不清楚|说不好|不好说|说不准|不好评价|不好讲|难说|看情况|再看看|看看再说|再说吧|等等看|观望|还没(看到|见到|收到|去看|来得及)|还不知道|无所谓|随便|\b(don't|dont|do not) know|\bnot sure|\bhard to say|\bwe'?ll see|\bwait and see|\bno idea|\bnot yet|\bmaybe\b/, { kind: "undecided" }),
  // Sarcasm: 呵呵 undoes any praise around it.
  row(/呵呵|(巴适|好|中)个(锤子|屁|鬼|毛|头|啥)|\byeah right/, { kind: "sarcasm" }),
  // A score out of 100: 90 and up is praise, 60–89 a pass, under 60 a fail (10分 and 100分 are praise below).
  row(/(?<![0-9])9[0-9]分/, { kind: "praise" }),
  row(/(?<![0-9])[6-8][0-9]分/, { kind: "lukewarm" }),
  row(/(?<![0-9])[2-5][0-9]分/, { kind: "complaint" }),
  // Manners, good and bad: weigh less than the outcome.
  row(/(态度|服务|工作人员|人员|干部|同志|接待)(都|也|还|倒是|是|真)?(很|太|非常|特别|极|比较|有点|挺|十分)?(差|不好|恶劣|冷漠|冷淡|生硬|蛮横|傲慢|粗暴|凶|不耐烦|不端正)|不耐烦/, { kind: "complaint", manner: true, reason: true }),
  row(/(态度|服务|工作人员|人员|干部|同志|接待|人)(都|也|还|倒是|是|真)?(很|挺|非常|特别|比较|蛮|十分|相当|还)?(好|不错|热情|诚恳|端正|和蔼|客气|耐心|认真|负责|周到|细心)|热情|耐心|和蔼|客气|周到|细心/, { kind: "praise", manner: true, reason: true }),
  // Complaints that reverse a verdict.
  row(/敷衍|糊弄|忽悠|踢皮球|推来推去|推诿|扯皮|走过场|形式主义|官僚|不作为|乱作为|答非所问|说瞎话|骗人|骗子|(太|很|真|好|非常|比较|特别|极)差|差劲|极差|差得很|(太|真)垃圾|垃圾(政府|部门|单位|服务)|^垃圾$|失望|寒心|心寒|无语|气人|气死|恶心|不负责|不靠谱|不专业|没(有)?诚意|不像话|不(是)?(很|太|怎么|那么)?好(?!意思|说|讲|评价)|不怎么样|不咋(样|地)|不中(?=,|$|啊|呢)|不行(?=,|$|啊|呢|了)|(?<circle>.{1,2})来\k<circle>去|(太|真|稀)烂|坑人|服了|糟糕|糟透|扯淡|胡扯|空话|套话|官话|打官腔|不及格|不能接受|无法接受|接受不了|没(有)?达到(我的|我们的)?(要求|预期|期望)|不符合(要求|预期)|\bterrible|\bawful|(?<!not |not too |not that )\bbad\b|\bworst|\bdisappoint|\bwaste of time|\bnot good|\bpoor\b|\bunacceptable/, { kind: "complaint", reason: true }),
  // A bare thumbs-down or 差评: a verdict, with no reason given.
  row(/差评|零分|(?<![0-9])0分|一星|(?<![0-9])1星|👎|😡|😠|🤬|😤|😞|😢|😭|💢|😒|🙄/, { kind: "complaint" }),
  // A cost on the way: lowers a positive verdict.
  row(/(太|很|好|有点|有些|比较|稍微|略|真|特别|非常)?慢|慢吞吞|(太|很|好|有点|挺)久|好长时间|很长时间|时间(太|很|有点|比较)?长|拖(了|拉|延|得|太)|等了(很|好|太|那么)?(久|长|多|几|半|一|两|三|好多)|跑了(好|很)?(几|多|两|三)(趟|次|回)|跑(了)?好多(趟|次)|多跑|(太|有点|比较|很)?麻烦|繁琐|周折|费劲|折腾|不(够)?及时|效率(太|很|有点|比较)?(低|不高|差)|有待(提高|改进|加强)|还需(要)?改进|美中不足|不足之处|小问题|不够用|不太够|(压|弄|碰|砸|挖|搞)(坏|破|脏)|把[^,]{0,10}(留|扔|堆)在|不是(我)?想要的|希望[^,]{0,10}(受到处理|追责|问责|处理一下)|不然(以后)?(还会|又会)|不太方便|不方便|才解决|\bslow|\btook (so |too |a bit )?long|\btook ages|\bcould be better|\bbut\b.*\blate/, { kind: "reservation", reason: true }),
  // Lukewarm: basically satisfied.
  row(/(也)?算(是)?有(个|了)?(交代|说法|结果)|给了(个)?(说法|交代)|还中|中吧|还可以|也还可以|可以吧|还行|行吧|还好(?=吧|啦|啊|呀|,|$)|凑合|将就|一般般|一般|马马虎虎|差不多(?!解决)|过得去|说得过去|勉勉强强|勉强|刚及格|及格|中规中矩|普普通通|普通|尚可|一半一半|五五开|有好有坏|有得有失|好坏参半|喜忧参半|可以接受|能接受|就那样|也就那样|就这样吧|😐|😑|\bso ?so\b|\bmeh\b|\bok(ay)? i guess|\bnot (too |that )?bad|\bacceptable|\baverage|\bit'?s ok(ay)?\b|\bok(ay)?\b|\bfine\b/, { kind: "lukewarm" }),
  // Praise that gives a reason: quick, careful, effective.
  row(/高效|效率(很|挺|非常|特别|真)?高|(很|挺|真|好|非常|特别|这么|那么)快|速度快|(很|非常|特别)?及时|迅速|神速|当天就|第二天就|马上就|用心|尽心|尽责|尽职|负责|认真|贴心|暖心|专业|办实事|为民|为人民服务|\bquick|\bfast\b|\befficient/, { kind: "praise", reason: true }),
  // Praise without a reason: thanks, good, 👍.
  row(/可中|巴适|要得|(?<![0-9])6{3,}(?![0-9])|(?<=^|,)中(?=,|$|了)|谢谢|谢了|多谢|感谢|感激|感恩|好评|点赞|点个赞|赞|给力|靠谱|(很|挺|真|太|特别|非常|相当|蛮|老)好|好极了|好样的|(很|挺|非常|还|真)?不错|(很|真|太)?棒|完美|优秀|满分|(10|100|十|一百)分|五星|5星|好人|好官|放心|安心|开心|高兴|舒心|省心|欣慰|值得|没(有)?(什么|啥)?问题|没(有)?(什么|啥)?意见|👍|👌|😊|🙂|😀|😁|😄|😃|🥰|😍|👏|💯|🌹|💐|🤝|☺|🙏|❤|💕|💖|🎉|\bthanks?\b|\bthank you|\bappreciate|\bgreat\b|\bgood\b|\bexcellent|\bperfect|\bawesome|\bhappy\b|\bwell done|\bnice\b/, { kind: "praise" }),
];

/** Turns in the sentence: what follows carries the verdict. Scanned last, so they never break a phrase. */
const turnPhrases: Row[] = [
  // 不是A，是B: the correction after the comma carries the verdict.
  row(/但是|但|不过|就是|可是|只是|可惜|然而|却|(?<=,)(而)?是|现在|后来|最后|最终|终于|总算|总的来说|总体来说|总体上|总之|整体来说|\bbut\b|\bhowever\b|\bthough\b|\bnow\b/, { kind: "turn" }),
];

const tables = [neutralPhrases, ratingPhrases, outcomePhrases, sentimentPhrases, turnPhrases];

/** The signals of a reply in text order; each match blanks its span so that no shorter phrase matches inside it. */
function scan(text: string): Signal[] {
  let rest = text;
  const found: Signal[] = [];
  for (const table of tables) {
    for (const { pattern, signal } of table) {
      const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g");
      rest = rest.replace(global, (match: string, ...args: unknown[]) => {
        const at = args.find((a) => typeof a === "number") as number;
        if (match === "") return match;
        found.push({ ...aimedAtStaff(signal, text, at), at });
        return "\u0000".repeat(match.length);
      });
    }
  }
  scanned.set(found, rest);
  return found.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
}

/** What is left of a reply once its signals are blanked out, for `saysMore`. */
const scanned = new WeakMap<Signal[], string>();

/** A rating aimed at the staff (态度满意, 对工作人员不满意) is manners, not the verdict on the outcome. */
function aimedAtStaff(signal: Signal, text: string, at: number): Signal {
  if (signal.kind !== "rating") return signal;
  const clauseStart = text.lastIndexOf(BREAK, at - 1) + 1;
  const before = text.slice(Math.max(clauseStart, at - 8), at);
  // 对过程不满意: the way it was handled is manners too, not the outcome.
  if (!/态度|服务|工作人员|人员|干部|同志|接待|小伙子|姑娘|师傅|过程|流程|程序/.test(before) || /结果|问题|处理|办理|答复|解决|事情|这件事|效果/.test(before)) return signal;
  if (signal.value === "unsatisfied") return { kind: "complaint", manner: true, reason: true };
  return { kind: "praise", manner: true, reason: true };
}

// ───────────────────────────── deciding ─────────────────────────────

const rated = (value: Satisfaction, more: boolean): ReplyReading => ({ kind: "rating", rating: value, saysMore: more });

function decide(signals: Signal[], words: string): ReplyReading {
  const meaningful = signals.filter((s) => s.kind !== "neutral" && s.kind !== "turn");
  if (meaningful.length === 0) return { kind: "not_a_rating" };
  const more = saysMore(signals, words);

  const verdict = explicitRating(signals);
  const lastOutcome = [...signals].reverse().find((s) => s.kind === "outcome") as (Signal & { kind: "outcome" }) | undefined;
  const has = (kind: Signal["kind"]) => signals.some((s) => s.kind === kind);
  const sarcastic = has("sarcasm");

  if (verdict === "conflict" && !lastOutcome) return { kind: "unclear" };
  // The rating put off (等修好了再评): whatever the reply says about the problem, no verdict yet.
  if (!verdict && has("deferred")) return { kind: "unclear" };
  if (verdict && verdict !== "conflict") {
    const at = lastRatingAt(signals);
    if (verdict.value === "unsatisfied" || sarcastic) return rated("unsatisfied", more);
    if (lastOutcome?.value === "unsolved") return (lastOutcome.at ?? 0) > at ? rated("unsatisfied", more) : rated("basically_satisfied", more);
    if (verdict.value === "basically_satisfied" || lastOutcome?.value === "partly") return rated("basically_satisfied", more);
    return lowered(signals, more);
  }

  // No explicit rating (or conflicting ones): the outcome decides.
  if (lastOutcome) {
    if (sarcastic) return rated("unsatisfied", more);
    if (lastOutcome.value === "unsolved") return accepted(lastOutcome, signals) ? rated("basically_satisfied", more) : rated("unsatisfied", more);
    if (lastOutcome.value === "partly") return rated("basically_satisfied", more);
    if (has("lukewarm")) return rated("basically_satisfied", more);
    return lowered(signals, more);
  }

  // Neither: lukewarm words, then cannot-say, then sentiment.
  const complaints = signals.filter((s) => s.kind === "complaint");
  const outcomeComplaint = complaints.some((s) => !(s as { manner?: boolean }).manner);
  if (sarcastic) return rated("unsatisfied", more);
  if (has("lukewarm")) return rated(outcomeComplaint ? "unsatisfied" : "basically_satisfied", more);
  if (has("undecided")) return { kind: "unclear" };
  const praise = has("praise");
  if (!praise) return rated("unsatisfied", more); // only complaints or reservations
  if (bareConflict(signals)) return { kind: "unclear" };
  if (outcomeComplaint) return rated("unsatisfied", more);
  if (complaints.length > 0 || has("reservation")) return rated("basically_satisfied", more);
  return rated("satisfied", more);
}

/** 👍👎, 谢谢 差评: approval and disapproval with no reason for either cannot be weighed. */
function bareConflict(signals: Signal[]): boolean {
  const bare = (kind: Signal["kind"]) => signals.some((s) => s.kind === kind && !s.reason);
  return bare("praise") && bare("complaint") && signals.every((s) => !s.reason);
}

/**
 * The explicit rating of a reply: none, one value, or conflicting values. A later different
 * rating after a turn (以前不满意，现在满意了) replaces the earlier ones; after a turn, a lukewarm
 * word (不是特别满意，但也还行) or a solved problem (满意也谈不上，总算有人管了) raises a mild
 * negation to basically satisfied.
 */
function explicitRating(signals: Signal[]): RatingSignal | "conflict" | null {
  let current: RatingSignal | null = null;
  let turnSince = false;
  for (const s of signals) {
    if (s.kind === "turn") turnSince = true;
    if (turnSince && current?.mild && concedes(s)) {
      current = { kind: "rating", value: "basically_satisfied" };
      continue;
    }
    if (s.kind !== "rating" || s.manner) continue;
    if (current && current.value !== s.value && !turnSince) return "conflict";
    current = s;
    turnSince = false;
  }
  return current;
}

/** A signal that softens a mild negation before it: lukewarm, solved, or praise of the outcome. */
function concedes(signal: Signal): boolean {
  return signal.kind === "lukewarm" || (signal.kind === "outcome" && signal.value === "solved");
}

function lastRatingAt(signals: Signal[]): number {
  return Math.max(...signals.filter((s) => s.kind === "rating").map((s) => s.at ?? 0));
}

/**
 * A positive verdict (satisfied, or solved) with a complaint or reservation is basically satisfied,
 * unless a turn then a verdict follows the reservation ("虽然跑了好几趟，但是解决了": conceded).
 */
function lowered(signals: Signal[], more: boolean): ReplyReading {
  if (signals.some((s) => s.kind === "sarcasm")) return rated("unsatisfied", more);
  const objections = signals.filter((s) => s.kind === "complaint" || s.kind === "reservation");
  const standing = objections.filter((objection) => objection.kind === "complaint" || !conceded(objection, signals));
  return rated(standing.length > 0 ? "basically_satisfied" : "satisfied", more);
}

/**
 * Conceded: a turn then a positive verdict follows the objection, or a plain 满意 does (跑了好几趟，
 * 问题也解决了，非常满意: the citizen weighed the cost and still says satisfied).
 */
function conceded(objection: Signal, signals: Signal[]): boolean {
  const after = signals.filter((s) => (s.at ?? 0) > (objection.at ?? 0));
  if (after.some((s) => s.kind === "rating" && s.value === "satisfied" && !s.manner)) return true;
  const turn = after.findIndex((s) => s.kind === "turn");
  if (turn < 0) return false;
  return after.slice(turn).some((s) => (s.kind === "rating" && s.value !== "unsatisfied") || (s.kind === "outcome" && s.value === "solved"));
}

/** A problem still there but accepted after a turn (还是有点吵，不过能接受): lukewarm, not unsatisfied. */
function accepted(unsolved: Signal, signals: Signal[]): boolean {
  const after = signals.filter((s) => (s.at ?? 0) > (unsolved.at ?? 0));
  const turn = after.findIndex((s) => s.kind === "turn");
  return turn >= 0 && after.slice(turn).some((s) => s.kind === "lukewarm");
}

// ───────────────────────────── says more ─────────────────────────────

/** Words that carry no reason: pronouns, particles, intensifiers, the question's own words. */
const filler =
  /说实话|说真的|老实说|我们|你们|您们|他们|大家|各位|政府|领导|同志|工作人员|这次|这个|此次|本次|办理结果|处理结果|结果|办理|处理|回访|答复|回复|总体|整体|觉得|感觉|认为|表示|评价|选择|一下|一直|真的|还是|非常|特别|十分|相当|比较|对于|关于|[我你您他她的了吧啊呀哦噢呢嘛啦哈嗯恩哇呗很挺蛮太真还都也就是对给打选意吗么个对,\s\u0000\d]|\b(i|im|i'm|am|we|are|very|really|so|quite|it|its|it's|is|was|the|a|you|yes|and|with|this|that|result|answer|overall)\b/g;

function saysMore(signals: Signal[], words: string): boolean {
  if (signals.some((s) => s.reason)) return true;
  const rest = (scanned.get(signals) ?? words).replace(filler, "");
  const latinWords = rest.match(/[a-z]+/g) ?? [];
  const cjk = rest.replace(/[a-z\s]/g, "");
  return [...cjk].length >= 3 || latinWords.length >= 2;
}
