import { describe, expect, it } from "vitest";

import { phoneIdentityKey, phoneRegion } from "~/core/referrals/phone-identity";

const DE = phoneRegion("DE");

describe("phoneIdentityKey", () => {
  it("gives every spelling of one German number its E.164 form", () => {
    const spellings = ["0171 1234567", "0171/1234567", "(0171) 123 45 67", "+49 171 1234567", "0049 171 1234567", "+49 (0)171 1234567", "+491711234567"];
    expect(new Set(spellings.map((phone) => phoneIdentityKey(phone, DE)))).toEqual(new Set(["+491711234567"]));
  });

  it("reads numbers without a country code in the shop's country", () => {
    expect(phoneIdentityKey("030 12345678", DE)).toBe("+493012345678");
    expect(phoneIdentityKey("0664 1234567", phoneRegion("at"))).toBe("+436641234567");
    expect(phoneIdentityKey("044 668 18 00", phoneRegion("CH"))).toBe("+41446681800");
  });

  it("keeps foreign numbers written with their country code", () => {
    expect(phoneIdentityKey("+43 664 1234567", DE)).toBe("+436641234567");
    expect(phoneIdentityKey("+1 212 555 0100", DE)).toBe("+12125550100");
  });

  it("tells two numbers apart", () => {
    expect(phoneIdentityKey("0171 1234567", DE)).not.toBe(phoneIdentityKey("0171 1234568", DE));
  });

  it.each([null, undefined, "", "  ", "0000000", "123456", "keine", "+49 0", "111"])("gives filler and junk no key: %j", (phone) => {
    expect(phoneIdentityKey(phone, DE)).toBeNull();
  });

  it("without a known region reads only international numbers", () => {
    expect(phoneRegion("XX")).toBeUndefined();
    expect(phoneRegion(null)).toBeUndefined();
    expect(phoneIdentityKey("0171 1234567", undefined)).toBeNull();
    expect(phoneIdentityKey("+49 171 1234567", undefined)).toBe("+491711234567");
  });
});
