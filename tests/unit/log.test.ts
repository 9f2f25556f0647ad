import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log";

describe("logs", () => {
  it("never contain names, phone numbers or message texts", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger("info", sink);
    log.info({ text: "我家宅基地被占", contactName: "王小明", contactPhone: "+8613800138000", petitionId: "p-1" }, "petition");
    log.info({ message: { text: "秘密", from: { first_name: "小明", username: "xm" } }, draft: { description: "细节" } }, "update");
    log.info({ submission: { description: "又一个细节", contactName: "李四", params: { petitioner: "李四 138" } } }, "job");
    const output = lines.join("");
    for (const secret of ["宅基地", "王小明", "8613800138000", "秘密", "小明", "细节", "李四"]) expect(output).not.toContain(secret);
    expect(output).toContain("p-1");
  });
});
