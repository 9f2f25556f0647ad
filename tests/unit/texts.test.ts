import { describe, expect, it } from "vitest";
import { render } from "../../src/kernel/texts";
import { enNumbered } from "../../src/kernel/texts/en";
import { zhCNNumbered } from "../../src/kernel/texts/zh-CN";

describe("the catalogue's channel idioms", () => {
  it("has numbered-list variants that never say 点/按钮 or ask for a slash command, in every language", () => {
    expect(Object.keys(enNumbered).sort()).toEqual(Object.keys(zhCNNumbered).sort());
    for (const text of [...Object.values(zhCNNumbered), ...Object.values(enNumbered)]) expect(text).not.toMatch(/点选|点“|按钮|按“|\/[a-z]+|press/i);
  });

  it("picks the variant by idiom and falls back to the common text", () => {
    expect(render("zh-CN", "choose_from_list", {}, "numbered")).toBe("请回复选项前的数字。");
    expect(render("zh-CN", "choose_from_list")).toContain("请点选");
    expect(render("zh-CN", "ask_category", {}, "numbered")).toBe("请选择诉求类别：");
  });
});
