import { describe, expect, it } from "vitest";
import { de } from "~/i18n/de";
import { en } from "~/i18n/en";
import { MESSAGES, placeholdersOf } from "~/i18n/translate";

describe("message catalogues", () => {
  it("every translation uses the same placeholders as the English message", () => {
    const mismatches = Object.entries(en)
      .filter(([key, message]) => {
        const german = de[key as keyof typeof de];
        return placeholdersOf(german).join(",") !== placeholdersOf(message).join(",");
      })
      .map(([key]) => key);
    expect(mismatches).toEqual([]);
  });

  it("no message is empty or padded", () => {
    for (const [locale, messages] of Object.entries(MESSAGES)) {
      for (const [key, message] of Object.entries(messages)) {
        expect(message.trim(), `${locale} ${key}`).not.toBe("");
        expect(message, `${locale} ${key}`).toBe(message.trim());
      }
    }
  });
});
