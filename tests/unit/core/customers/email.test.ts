import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { normalizeEmail } from "~/core/customers/email";

describe("normalizeEmail", () => {
  it.each([
    ["ana@example.com", "ana@example.com"],
    ["  Ana.Example@Example.COM \n", "ana.example@example.com"],
    ["ANA@EXAMPLE.COM", "ana@example.com"],
    // Identity-safe: +tags and dots are part of the mailbox name and stay.
    ["Dana.Example+Shop@Gmail.com", "dana.example+shop@gmail.com"],
    ["d.a.n.a@googlemail.com", "d.a.n.a@googlemail.com"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["user_name-1@sub.mail.example.co.uk", "user_name-1@sub.mail.example.co.uk"],
    ["Jürgen@Müller.de", "jürgen@müller.de"],
    ["a@b.co", "a@b.co"],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "   ",
    "ana",
    "ana@",
    "@example.com",
    "ana@example",
    "ana@@example.com",
    "ana@bob@example.com",
    "ana example@example.com",
    "ana@exa mple.com",
    ".ana@example.com",
    "ana.@example.com",
    "an..a@example.com",
    "ana@-example.com",
    "ana@example-.com",
    "ana@example..com",
    "ana@example.com.",
    "ana@127.0.0.1",
    "ana@[127.0.0.1]",
    "\"ana\"@example.com",
    "<ana@example.com>",
    "Ana <ana@example.com>",
    "ana@example.com,bob@example.com",
    `${"a".repeat(65)}@example.com`,
    `ana@${"a".repeat(250)}.com`,
  ])("rejects %j", (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (raw) => {
        const once = normalizeEmail(raw);
        expect(normalizeEmail(once)).toBe(once);
      }),
    );
  });

  it("accepts generated addresses, up to case and whitespace", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        fc.pre(email.length <= 254 && email.split("@")[0]!.length <= 64);
        // fast-check's generator follows RFC 5321 domains, which allow numeric TLDs we refuse.
        fc.pre(!/\.\d+$/.test(email));
        expect(normalizeEmail(` ${email.toUpperCase()} `)).toBe(email.toLowerCase());
      }),
    );
  });
});
