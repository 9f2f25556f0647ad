/**
 * Reading replies to 您对办理结果满意吗？ the way people write and speak them. Development
 * examples, grouped by the rule that reads them (src/followup/read-reply.ts).
 */
import { describe, expect, it } from "vitest";
import type { Satisfaction } from "../../src/kernel/answers";
import { readSurveyReply } from "../../src/followup/read-reply";

const ratingOf = (text: string, numbers = false) => {
  const reading = readSurveyReply(text, { numbers });
  return reading.kind === "rating" ? reading.rating : reading.kind;
};

function cases(title: string, expected: Satisfaction | "unclear" | "not_a_rating", texts: string[]) {
  describe(title, () => {
    it.each(texts)("%s", (text) => expect(ratingOf(text)).toBe(expected));
  });
}

cases("clear approval is satisfied", "satisfied", [
  "满意", "非常满意", "很满意", "挺满意的", "满意满意", "十分满意！", "我对这次的处理结果非常满意",
  "好评", "五星好评", "点赞", "给你们点赞", "解决了谢谢", "问题已经解决了很感谢", "感谢政府", "感谢你们",
  "没什么不满意的", "没有不满意", "没啥不满意的地方", "挑不出毛病", "比较满意", "满意吧", "满意了",
  "还不错", "挺好的", "10分", "满意度100分", "钱已经到账了谢谢", "已经处理好了", "搞定了，谢谢", "没想到这么快就解决了",
]);

cases("thanks alone after an answer is thanks for it: satisfied", "satisfied", [
  "谢谢", "谢谢你们", "谢谢谢谢", "好的谢谢", "辛苦了", "麻烦你们了",
]);

cases("emoji of approval are satisfied", "satisfied", ["👍", "👌", "😊", "🙏", "❤️", "👍🏻👍🏻", "[强]"]);

cases("lukewarm or reserved is basically satisfied", "basically_satisfied", [
  "基本满意", "基本上还是满意的", "还可以", "还行吧", "凑合", "一般", "一般般", "马马虎虎", "差不多吧",
  "过得去", "勉强", "及格", "还算满意", "大体满意", "差强人意", "还好吧",
]);

cases("resolved with a reservation after it is basically satisfied", "basically_satisfied", [
  "问题解决了，就是太慢了", "解决了但是跑了好几趟", "解决了 不过等了很久", "问题是解决了就是效率有点低",
  "满意，就是太慢了", "满意 但是拖了两个月", "态度挺好，就是太慢了", "解决了，态度不太好",
  "只解决了一部分", "基本解决了", "还有一部分没解决", "我很满意但是还有一点小问题", "问题解决了一半",
  "工作人员态度不好但问题解决了",
]);

cases("a reservation conceded before the result does not lower it", "satisfied", [
  "虽然跑了好几趟但是解决了", "拖了三年终于解决了谢谢你们",
  "那个事情啊我跟你说我们村那条路修了好几年了一直没人管这次终于修好了我很满意",
]);

cases("a double negative is a lukewarm positive", "basically_satisfied", [
  "不是不满意", "也不是不满意吧", "倒也不是不满意", "不能说不满意", "不完全满意", "不是百分百满意",
]);

cases("negated or questioned satisfaction is unsatisfied", "unsatisfied", [
  "不满意", "很不满意", "非常不满意！！！", "不太满意", "不是很满意", "不怎么满意", "谈不上满意", "不大满意",
  "有点不满意", "很不满", "不能让人满意", "不尽人意",
]);

cases("an unsolved problem is unsatisfied", "unsatisfied", [
  "没解决", "还没解决", "问题还在", "没人管", "没用", "根本没有解决", "还是老样子", "一点变化都没有",
  "问题依旧", "没有给我解决", "工资到现在还没到账", "希望早日解决", "没有达到我的要求", "都半年了还没给我答复", "说了等于没说", "又复发了",
]);

cases("complaints about the handling are unsatisfied", "unsatisfied", [
  "敷衍", "踢皮球", "太差了", "差评", "就是敷衍了事", "推来推去的", "太失望了", "👎", "😡", "太慢了",
]);

cases("sarcasm is unsatisfied", "unsatisfied", [
  "满意个啥", "满意才怪", "呵呵满意", "呵呵", "怎么可能满意", "有什么好满意的", "能满意吗",
]);

cases("the outcome outweighs manners", "unsatisfied", [
  "态度挺好，但问题根本没解决", "工作人员很热情 可是问题还在", "谢谢你们啊，不过还是没解决",
  "态度满意 结果不满意", "满意 但是没解决",
]);

cases("undecidable replies about the survey are unclear", "unclear", [
  "不知道", "说不好", "看情况", "再看看", "还没看到结果", "满意也不满意", "满意吗", "说不上满不满意",
  "满不满意的不好说", "收到", "知道了", "问题解决了吗",
]);

cases("greetings, questions, new matters and codes are not ratings", "not_a_rating", [
  "你好", "在吗", "怎么查进度", "我还有一件事要反映，村口路灯坏了", "MQ23456789", "取消", "这是照片",
  "请问这个电话是多少", "我想问一下什么时候能解决", "hello", "", "   ",
]);

cases("putting the rating off or not knowing how to rate is unclear", "unclear", [
  "过两天再说吧", "等钱到账了再评价", "先不评价", "要看后续怎么样", "我回去跟家里人商量一下", "这个怎么打分", "🤷‍♂️", "🤔🤔",
  "还没弄好，等弄好了再说",
]);

cases("questions to the bot are not ratings", "not_a_rating", [
  "怎么联系你们的工作人员", "如何找到办事的人", "这是官方的吗", "你们是不是骗子",
]);

cases("the missing part named or the problem still there now is unsatisfied", "unsatisfied", [
  "钱退了一半，剩下的说下个月", "只发了三成", "灯修了，可是到现在还是黑的", "味道还是很臭", "昨天又断了",
  "补贴给了，但是不公平", "答复跟我问的不是一回事", "电话打不通",
]);

cases("a cost or side effect after a fixed problem is basically satisfied", "basically_satisfied", [
  "下水道通了，就是把我家地板弄脏了", "路灯亮了，但是工人把砖头堆在我家门口",
  "还是有一点响，不过能接受", "说不上满意，但也还行", "不太满意，不过总算有人管了",
]);

cases("a cost conceded by a later plain 满意 does not lower it", "satisfied", [
  "等了一个多月，钱也到账了，很满意",
]);

cases("rhetorical and corrected ratings", "unsatisfied", ["谁说我们满意了", "没啥满意的", "不是基本满意，是不满意"]);

cases("regional words", "satisfied", ["中", "可中", "要得", "巴适得很", "莫得问题"]);
cases("regional negation", "unsatisfied", ["莫得人来", "冇人管", "巴适个屁"]);

cases("traditional characters read as simplified", "satisfied", ["滿意", "非常滿意", "問題解決了，謝謝"]);
describe("traditional characters keep their negation", () => {
  it.each([
    ["不滿意", "unsatisfied"],
    ["問題還沒解決", "unsatisfied"],
    ["基本滿意", "basically_satisfied"],
    ["沒有不滿意", "satisfied"],
  ])("%s → %s", (text, expected) => expect(ratingOf(text)).toBe(expected));
});

describe("English replies", () => {
  it.each([
    ["satisfied", "satisfied"],
    ["Very satisfied, thanks!", "satisfied"],
    ["thank you", "satisfied"],
    ["ok I guess", "basically_satisfied"],
    ["not bad", "basically_satisfied"],
    ["it was fixed but took too long", "basically_satisfied"],
    ["mostly satisfied", "basically_satisfied"],
    ["not completely satisfied", "basically_satisfied"],
    ["not satisfied", "unsatisfied"],
    ["not really", "unsatisfied"],
    ["dissatisfied", "unsatisfied"],
    ["the problem is still not fixed", "unsatisfied"],
    ["nice staff but not resolved", "unsatisfied"],
    ["not sure yet", "unclear"],
    ["hi", "not_a_rating"],
  ])("%s → %s", (text, expected) => expect(ratingOf(text)).toBe(expected));
});

describe("voice-to-text without punctuation, with homophones", () => {
  it.each([
    ["我觉得还是挺满意的谢谢你们", "satisfied"],
    ["问题是解决了就是等的时间太长了", "basically_satisfied"],
    ["我不满意这个事情到现在都没有人来管", "unsatisfied"],
    ["很慢意", "satisfied"],
    ["不慢意", "unsatisfied"],
    ["问题已经解绝了", "satisfied"],
    ["那个态度还是可以的但是问题一点都没解决", "unsatisfied"],
    ["嗯嗯满意满意", "satisfied"],
  ])("%s → %s", (text, expected) => expect(ratingOf(text)).toBe(expected));
});

describe("conflicting ratings: a later one after a turn wins, else the outcome, else unclear", () => {
  it.each([
    ["以前不满意现在满意了", "satisfied"],
    ["一开始不满意 后来基本满意", "basically_satisfied"],
    ["满意不满意的，反正问题没解决", "unsatisfied"],
    ["有点满意又有点不满意", "unclear"],
  ])("%s → %s", (text, expected) => expect(ratingOf(text)).toBe(expected));
});

describe("negation pairs: the negated form never reads as the plain one", () => {
  it.each([
    ["满意", "不满意"],
    ["不满意", "不是不满意"],
    ["解决了", "没解决"],
    ["很好", "不好"],
    ["满意了", "满意吗"],
    ["没有不满意", "不满意"],
  ])("%s differs from %s", (plain, negated) => expect(ratingOf(plain)).not.toBe(ratingOf(negated)));
});

describe("short answers to the yes/no question", () => {
  it.each([
    ["是的", "satisfied"],
    ["嗯", "satisfied"],
    ["好的", "satisfied"],
    ["好好好", "satisfied"],
    ["yes", "satisfied"],
    ["可以", "basically_satisfied"],
    ["行吧", "basically_satisfied"],
    ["ok", "basically_satisfied"],
    ["不", "unsatisfied"],
    ["no", "unsatisfied"],
    ["没有", "unclear"],
  ])("%s → %s", (text, expected) => expect(ratingOf(text)).toBe(expected));
});

describe("numbers map to the options only when the caller says so", () => {
  it.each([
    ["1", "satisfied"],
    ["１", "satisfied"],
    ["一", "satisfied"],
    ["选1", "satisfied"],
    ["1.", "satisfied"],
    ["2", "basically_satisfied"],
    ["第二个", "basically_satisfied"],
    ["选择2", "basically_satisfied"],
    ["3号", "unsatisfied"],
    ["三", "unsatisfied"],
    ["3 问题根本没解决", "unsatisfied"],
    ["1 满意", "satisfied"],
  ])("with numbers: %s → %s", (text, expected) => expect(ratingOf(text, true)).toBe(expected));

  it.each(["1", "２", "一", "选1", "1.", "3号", "4", "23"])("without numbers: %s is not a rating", (text) =>
    expect(ratingOf(text)).toBe("not_a_rating"),
  );

  it("a number outside the options is not a rating, and a number contradicted by words is unclear", () => {
    expect(ratingOf("4", true)).toBe("not_a_rating");
    expect(ratingOf("13", true)).toBe("not_a_rating");
    expect(ratingOf("1 不满意", true)).toBe("unclear");
  });

  it("a number repeated, or after 选第, is that option", () => {
    expect(ratingOf("111", true)).toBe("satisfied");
    expect(ratingOf("选第二个", true)).toBe("basically_satisfied");
  });

  it("two options, or an option asked about, is unclear", () => {
    expect(ratingOf("2和3", true)).toBe("unclear");
    expect(ratingOf("2还是3", true)).toBe("unclear");
    expect(ratingOf("选1吗", true)).toBe("unclear");
    expect(ratingOf("2?", true)).toBe("unclear");
  });

  it("a number followed by a unit is part of a phrase, not a choice", () => {
    expect(ratingOf("3号楼还是没人管", true)).toBe("unsatisfied");
    expect(ratingOf("1个月才来", true)).not.toBe("satisfied");
  });

  it("666 with the options showing is praise, typed elsewhere it is only digits", () => {
    expect(ratingOf("6666", true)).toBe("satisfied");
    expect(ratingOf("666")).toBe("not_a_rating");
  });

  it("a score out of 100 reads by its band", () => {
    expect(ratingOf("给你们95分")).toBe("satisfied");
    expect(ratingOf("70分吧")).toBe("basically_satisfied");
    expect(ratingOf("最多30分")).toBe("unsatisfied");
  });

  it("words starting with a numeral are words, not a chosen number", () => {
    expect(ratingOf("一般", true)).toBe("basically_satisfied");
    expect(ratingOf("三天就解决了", true)).toBe("satisfied");
  });

  it("words next to a number still count without numbers", () => {
    expect(ratingOf("3 问题根本没解决")).toBe("unsatisfied");
    expect(ratingOf("1满意")).toBe("satisfied");
  });
});

describe("saysMore: the reply gives a reason beyond the rating", () => {
  it.each(["满意", "非常满意！", "不满意", "很不满意", "基本满意", "还行", "👍", "谢谢", "满意，谢谢", "差评", "1", "说实话不太满意"])(
    "%s says no more",
    (text) => expect(readSurveyReply(text, { numbers: true })).toMatchObject({ kind: "rating", saysMore: false }),
  );

  it.each([
    "没解决",
    "不满意，太慢了",
    "基本满意，就是跑了好几趟",
    "很满意，问题很快就解决了",
    "不满意 村里的路还是坑坑洼洼的没法走",
    "3 问题根本没解决",
    "态度挺好，但问题根本没解决",
  ])("%s says more", (text) => expect(readSurveyReply(text, { numbers: true })).toMatchObject({ kind: "rating", saysMore: true }));

  it("a new matter after the rating is not a reason for it", () => {
    expect(readSurveyReply("满意。另外还有一件事想反映")).toEqual({ kind: "rating", rating: "satisfied", saysMore: false });
  });
});
