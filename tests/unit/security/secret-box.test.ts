import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SecretBox } from "~/security/secret-box.server";

const box = new SecretBox(Buffer.alloc(32, 3));

describe("SecretBox", () => {
  test("opens what it sealed, for any text", () => {
    fc.assert(fc.property(fc.string(), (text) => box.open(box.seal(text)) === text));
  });

  test("never stores the plaintext and never seals twice alike", () => {
    const token = "shpat_0123456789abcdef";
    const a = box.seal(token);
    const b = box.seal(token);
    expect(a).not.toContain(token);
    expect(a).not.toBe(b);
    expect(SecretBox.isSealed(a)).toBe(true);
  });

  test("refuses a tampered value or a different key", () => {
    const sealed = box.seal("secret");
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString("base64")}`)).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 4)).open(sealed)).toThrow();
    expect(() => box.open("plaintext-token")).toThrow(/Not a sealed secret/);
  });

  test("needs a 32-byte key", () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe("SecretBox during a key change", () => {
  const oldKey = Buffer.alloc(32, 5);
  const newKey = Buffer.alloc(32, 6);

  test("seals with the new key and opens what either key sealed, saying which", () => {
    const rotating = new SecretBox(newKey, [oldKey]);
    const before = new SecretBox(oldKey).seal("shpat_old");
    expect(rotating.openWithKey(before)).toEqual({ plaintext: "shpat_old", current: false });
    const after = rotating.seal("shpat_new");
    expect(rotating.openWithKey(after)).toEqual({ plaintext: "shpat_new", current: true });
    expect(new SecretBox(newKey).open(after)).toBe("shpat_new");
    expect(() => new SecretBox(oldKey).open(after)).toThrow(/none of the keys/);
  });

  test("a value sealed with neither key does not open", () => {
    expect(() => new SecretBox(newKey, [oldKey]).open(box.seal("x"))).toThrow(/none of the keys/);
  });
});
