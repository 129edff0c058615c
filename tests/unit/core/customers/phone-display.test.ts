import { describe, expect, it } from "vitest";
import { displayPhone, phoneHref } from "~/core/customers/phone-display";

describe("phone numbers as merchants write them", () => {
  it.each([
    ["+4915221234567", "01522 1234567"],
    ["0152 / 2123 4567", "01522 1234567"],
    ["+4930123456", "030 123456"],
    ["+436641234567", "+43 664 1234567"],
    ["+41791234567", "+41 79 123 45 67"],
  ])("%s → %s", (stored, shown) => {
    expect(displayPhone(stored)).toBe(shown);
  });

  it("does not regroup a number the numbering plan does not know", () => {
    expect(displayPhone("+491522126069")).toBe("+49 1522126069");
    expect(displayPhone("0152 / 212 60 69")).toBe("0152 / 212 60 69");
  });

  it("shows what it cannot read as stored, and nothing for nothing", () => {
    expect(displayPhone("call me")).toBe("call me");
    expect(displayPhone("12")).toBe("12");
    expect(displayPhone(null)).toBeNull();
    expect(displayPhone("  ")).toBeNull();
  });

  it("links to the number in E.164", () => {
    expect(phoneHref("01522 1234567")).toBe("tel:+4915221234567");
    expect(phoneHref("call me")).toBeNull();
  });
});
