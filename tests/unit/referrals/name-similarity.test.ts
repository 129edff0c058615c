import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { allowedEdits, compareNames, editDistance } from "~/core/referrals/name-similarity";

describe("compareNames", () => {
  it.each([
    ["Jürgen Müller", "Juergen Mueller", 0],
    ["Jürgen Müller", "Jurgen Muller", 0],
    ["Jürgen Müller", "Müller, Jürgen", 0],
    ["Jürgen Müller", "MÜLLER JÜRGEN", 0],
    ["Dr. Jürgen Müller", "Jürgen Müller", 0],
    ["Jürgen Müller", "Jürgen Müler", 1],
    ["Jürgen Müller", "Jügren Müller", 1],
    ["Anna-Lena Weiß", "Anna Lena Weiss", 0],
    ["José García", "Jose Garcia", 0],
    ["Stefanie Schneider", "Stephanie Schneider", 2],
  ])("%j and %j are one person's name (%i edits)", (a, b, edits) => {
    expect(compareNames(a, b)).toEqual({ similar: true, edits });
  });

  it.each([
    ["Anna Schmidt", "Anna Schmitz"],
    ["Anna Schmidt", "Jan Schmidt"],
    ["Anna Schmidt", "Anna Maria Schmidt"],
    ["Jan Ott", "Jan Otte"],
    ["Li Wu", "Li Wa"],
    ["Jürgen Müller", "Jörg Müller"],
  ])("%j and %j are different people", (a, b) => {
    expect(compareNames(a, b)?.similar).toBe(false);
  });

  it.each([
    ["Anna", "Anna"],
    ["Anna Schmidt", null],
    [null, null],
    ["Dr. Schmidt", "Dr. Schmidt"],
    ["", "Anna Schmidt"],
  ])("has nothing to say about %j and %j (fewer than two words)", (a, b) => {
    expect(compareNames(a, b)).toBeNull();
  });

  const name = fc
    .tuple(fc.stringMatching(/^[A-Za-zäöüÄÖÜß]{2,10}$/), fc.stringMatching(/^[A-Za-zäöüÄÖÜß]{2,12}$/))
    .map(([first, last]) => `${first} ${last}`);

  it("finds a name similar to itself, in either order and any case", () => {
    fc.assert(
      fc.property(name, (full) => {
        const [first, last] = full.split(" ");
        expect(compareNames(full, `${last!.toUpperCase()}, ${first}`)).toEqual({ similar: true, edits: 0 });
      }),
    );
  });

  it("is symmetric", () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(compareNames(a, b)).toEqual(compareNames(b, a));
      }),
    );
  });
});

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["muller", "muler", 1],
    ["jurgen", "jugren", 1],
    ["kitten", "sitting", 3],
    ["ca", "abc", 3],
  ])("%j → %j: %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it("is a distance: zero only for equal strings, symmetric, at most the longer length", () => {
    const word = fc.stringMatching(/^[a-e]{0,8}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        const distance = editDistance(a, b);
        expect(distance === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it("counts one swap of neighbouring letters as one edit", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,12}$/), fc.nat(), (word, at) => {
        const i = at % (word.length - 1);
        fc.pre(word[i] !== word[i + 1]);
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        expect(editDistance(word, swapped)).toBe(1);
      }),
    );
  });
});

describe("allowedEdits", () => {
  it("grows with the length of the name", () => {
    expect([1, 6, 7, 12, 13, 30].map(allowedEdits)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
