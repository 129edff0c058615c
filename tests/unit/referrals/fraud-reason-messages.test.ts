import { describe, expect, it } from "vitest";

import { FRAUD_POINTS, scoreReferral, type FraudReason, type FraudReasonCode, type FraudRoute } from "~/core/referrals/fraud-score";
import { DEFAULT_FRAUD_SETTINGS } from "~/core/referrals/fraud-settings";
import { phoneRegion } from "~/core/referrals/phone-identity";
import { LOCALES, MESSAGES, placeholdersOf, translate, type MessageKey } from "~/i18n/translate";

// Every reason the score can give reads as a sentence in German and English, filled from the
// reason's own detail: no placeholder the detail does not have.

/** Compiles only while every reason code and route has its message. */
function reasonKey(code: FraudReasonCode): MessageKey {
  return `referralFraud.reason.${code}`;
}
function routeKey(route: FraudRoute): MessageKey {
  return `referralFraud.route.${route}`;
}

const home = { address1: "Hauptstraße 5", address2: null, zip: "10115", countryCode: "DE" };
const party = { customerId: "c-1", email: "anna@gmail.com", phones: ["0171 1234567"], addresses: [home], name: "Anna Schmidt" };
const everything = scoreReferral(
  {
    advocate: party,
    friend: { ...party, phones: ["0171 1234567", "030 12345678"] },
    friendOrdersBefore: 1,
    claimsFromSameIp: 10,
    claimsFromSameDevice: 3,
    advocateCodeCustomers: 15,
    allowList: [{ kind: "address", householdKey: "DE|10115|hauptstrasse5" }],
  },
  DEFAULT_FRAUD_SETTINGS,
  phoneRegion("DE"),
).reasons;
const pointed = scoreReferral(
  {
    advocate: party,
    friend: party,
    friendOrdersBefore: 0,
    claimsFromSameIp: 0,
    claimsFromSameDevice: 0,
    advocateCodeCustomers: 0,
    allowList: [],
  },
  DEFAULT_FRAUD_SETTINGS,
  phoneRegion("DE"),
).reasons;
const samples = new Map<FraudReasonCode, FraudReason>([...everything, ...pointed].map((reason) => [reason.code, reason]));

describe("fraud reason messages", () => {
  it("the samples cover every reason code", () => {
    expect([...samples.keys()].sort()).toEqual(Object.keys(FRAUD_POINTS).sort());
  });

  it.each(Object.keys(FRAUD_POINTS) as FraudReasonCode[])("%s: its message uses only the reason's detail, in both languages", (code) => {
    const reason = samples.get(code)!;
    for (const locale of LOCALES) {
      const template = MESSAGES[locale][reasonKey(code)];
      for (const name of placeholdersOf(template)) expect(Object.keys(reason.detail), `${locale} {${name}}`).toContain(name);
      expect(translate(locale, reasonKey(code), reason.detail)).not.toMatch(/\{\w+\}/);
    }
  });

  it("reads as the merchant sees it", () => {
    const cleared = samples.get("household_allow_listed")!;
    expect(translate("en", reasonKey(cleared.code), cleared.detail)).toBe(
      "Shared with the advocate, but the household is on the allow-list: Hauptstraße 5, 10115 DE.",
    );
    const velocity = samples.get("ip_velocity")!;
    expect(translate("de", reasonKey("ip_velocity"), velocity.detail)).toBe(
      "Viele Empfehlungen von einer IP-Adresse: 10 weitere innerhalb von 168 Std. (erlaubt: 10).",
    );
  });

  it("every route has a label", () => {
    for (const route of ["approve", "review", "reject"] as const) {
      for (const locale of LOCALES) expect(MESSAGES[locale][routeKey(route)]).not.toBe("");
    }
  });
});
