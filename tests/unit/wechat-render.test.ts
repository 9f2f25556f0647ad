/** How the conversation's replies read on WeChat: numbered choices, one message per answer. */
import { describe, expect, it } from "vitest";
import { maxMessageLength, renderTurn } from "../../bots/wechat/render";

describe("WeChat rendering", () => {
  it("puts an answer and the next question in one message, choices numbered with the hint", () => {
    const messages = renderTurn(
      [{ text: "已记下。" }, { text: "请选择诉求类别：", choices: [{ label: "土地房屋", value: "c:land" }, { label: "劳动工资", value: "c:labour" }] }],
      "（回复数字选择）",
    );
    expect(messages).toEqual(["已记下。\n\n请选择诉求类别：\n1. 土地房屋\n2. 劳动工资\n（回复数字选择）"]);
  });

  it("splits what does not fit in one message, losing nothing", () => {
    const long = "很长的描述。".repeat(400);
    const messages = renderTurn([{ text: "您写的是：" }, { text: long }], "");
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.length <= maxMessageLength)).toBe(true);
    expect(messages.join("").replace(/\n/g, "")).toBe(`您写的是：${long}`);
  });
});
