import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { emailIdentityKey } from "~/core/referrals/email-identity";

/** fast-check's generator follows RFC 5321, which allows what normalizeEmail refuses (numeric TLDs, long parts). */
function plausible(email: string): boolean {
  return email.length <= 254 && email.split("@")[0]!.length <= 64 && !/\.\d+$/.test(email);
}

/** Local parts without a "+" or dots at the ends, as people write them. */
const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,14}(?:\.[a-z0-9_-]{1,10}){0,2}$/);
const tag = fc.stringMatching(/^(?:[a-z0-9_-]{1,8}(?:\.[a-z0-9_-]{1,6})?)?$/);
const otherDomain = fc.constantFrom("outlook.com", "hotmail.de", "web.de", "gmx.net", "icloud.com", "beispiel-shop.de");

describe("emailIdentityKey", () => {
  it.each([
    ["Dana.Example+shop@Gmail.com", "danaexample@gmail.com"],
    ["  d.a.n.a.example@GoogleMail.com \n", "danaexample@gmail.com"],
    ["dana+a+b@gmail.com", "dana@gmail.com"],
    // Sub-addressing on other providers and custom domains: the tag goes, dots stay.
    ["dana.example+news@outlook.com", "dana.example@outlook.com"],
    ["dana.example+shop@hotmail.de", "dana.example@hotmail.de"],
    ["Dana+x@iCloud.com", "dana@icloud.com"],
    ["dana+x@me.com", "dana@icloud.com"],
    ["dana@mac.com", "dana@icloud.com"],
    ["dana+x@protonmail.com", "dana@proton.me"],
    ["dana@pm.me", "dana@proton.me"],
    ["dana+x@fastmail.com", "dana@fastmail.com"],
    ["anything@dana.fastmail.com", "dana@fastmail.com"],
    ["dana.example+shop@posteo.de", "dana.example@posteo.de"],
    ["info+referral@mein-laden.de", "info@mein-laden.de"],
    ["dana.+x@web.de", "dana@web.de"],
    // Outlook's domains are separate namespaces; dots are significant outside Gmail.
    ["dana@live.com", "dana@live.com"],
    ["d.ana@web.de", "d.ana@web.de"],
    // Nothing before the "+": that is the mailbox name itself.
    ["+dana@example.com", "+dana@example.com"],
    // Gmail's dots are ignored, but a name of dots only would vanish: it is kept.
    ["Jürgen@Müller.de", "jürgen@xn--mller-kva.de"],
    ["jürgen@XN--MLLER-KVA.de", "jürgen@xn--mller-kva.de"],
    // Full-width letters map to ASCII (UTS 46), as a browser would.
    ["dana@ｇｍａｉｌ.com", "dana@gmail.com"],
  ])("%j → %j", (raw, expected) => {
    expect(emailIdentityKey(raw)).toBe(expected);
  });

  it("composes decomposed characters, so both spellings of ü are one key", () => {
    expect(emailIdentityKey("ju\u0308rgen@example.de")).toBe(emailIdentityKey("j\u00fcrgen@example.de"));
    expect(emailIdentityKey("ju\u0308rgen@example.de")).toBe("j\u00fcrgen@example.de");
  });

  it.each([null, undefined, "", "   ", "not an email", "ana@", "@example.com", "ana@example", "ana@@x.de", "ana@127.0.0.1"])(
    "rejects %j",
    (raw) => {
      expect(emailIdentityKey(raw)).toBeNull();
    },
  );

  it("collapses the usual self-referral tricks onto one key", () => {
    const variants = [
      "dana.example@gmail.com",
      "DanaExample@gmail.com",
      "d.anaexample+friend1@googlemail.com",
      " dana.example+friend2@GMAIL.com",
    ];
    expect(new Set(variants.map(emailIdentityKey))).toEqual(new Set(["danaexample@gmail.com"]));
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (raw) => {
        const once = emailIdentityKey(raw);
        expect(emailIdentityKey(once)).toBe(once);
      }),
    );
  });

  it("ignores case and surrounding whitespace", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("", " ", "\t", "\n "), (email, pad) => {
        fc.pre(plausible(email));
        expect(emailIdentityKey(`${pad}${email.toUpperCase()}${pad}`)).toBe(emailIdentityKey(email));
      }),
    );
  });

  it("gives every accepted address an ASCII domain and exactly one @", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const key = emailIdentityKey(email);
        if (key === null) return;
        expect(key.split("@")).toHaveLength(2);
        expect(key.split("@")[1]).toMatch(/^[a-z0-9.-]+$/);
      }),
    );
  });

  it("ignores a +tag on any domain", () => {
    fc.assert(
      fc.property(localPart, tag, fc.oneof(otherDomain, fc.constant("gmail.com")), (local, suffix, domain) => {
        expect(emailIdentityKey(`${local}+${suffix}@${domain}`)).toBe(emailIdentityKey(`${local}@${domain}`));
      }),
    );
  });

  it("ignores dots and googlemail.com for Gmail", () => {
    const letters = fc.stringMatching(/^[a-z0-9]{2,16}$/);
    fc.assert(
      fc.property(letters, fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (name, cuts, googlemail) => {
        // Dots at distinct inner positions (never first, last or doubled: no valid address has those).
        const positions = [...new Set(cuts.map((cut) => 1 + (cut % (name.length - 1))))].sort((a, b) => b - a);
        const dotted = positions.reduce((text, at) => `${text.slice(0, at)}.${text.slice(at)}`, name);
        const domain = googlemail ? "googlemail.com" : "gmail.com";
        expect(emailIdentityKey(`${dotted}@${domain}`)).toBe(`${name}@gmail.com`);
      }),
    );
  });

  it("keeps dots outside Gmail: two differently dotted names stay two mailboxes", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,8}$/), fc.stringMatching(/^[a-z]{1,8}$/), otherDomain, (first, last, domain) => {
        expect(emailIdentityKey(`${first}.${last}@${domain}`)).not.toBe(emailIdentityKey(`${first}${last}@${domain}`));
      }),
    );
  });

  it("never merges two different local parts on a domain without tags or dots rules", () => {
    const plain = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}[a-z0-9]$/).filter((local) => !local.includes(".."));
    fc.assert(
      fc.property(plain, plain, otherDomain, (a, b, domain) => {
        fc.pre(a !== b);
        expect(emailIdentityKey(`${a}@${domain}`)).not.toBe(emailIdentityKey(`${b}@${domain}`));
      }),
    );
  });
});
