import { describe, expect, it } from "vitest";
import { de } from "~/i18n/de";
import { en } from "~/i18n/en";
import { MESSAGES, placeholdersOf } from "~/i18n/translate";

describe("message catalogues", () => {
  it("German has exactly the English keys", () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

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

  it("every timeline kind the store records has a label in both languages", () => {
    const kinds = [
      "customer.created",
      "customer.consent_changed",
      "customer.deleted",
      "order.placed",
      "order.cancelled",
      "order.refunded",
    ];
    for (const kind of kinds) {
      expect(Object.keys(en)).toContain(`timeline.${kind}`);
    }
  });
});
