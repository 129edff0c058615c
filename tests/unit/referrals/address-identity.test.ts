import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { addressLine, householdKey, type PostalAddress } from "~/core/referrals/address-identity";
import { foldText } from "~/core/referrals/fold-text";

function at(address1: string, zip = "10115", countryCode = "DE", address2: string | null = null): PostalAddress {
  return { address1, address2, zip, countryCode };
}

describe("householdKey", () => {
  it("gives the usual spellings of one German address one key", () => {
    const spellings = [
      "Hauptstraße 5",
      "Hauptstrasse 5",
      "hauptstr. 5",
      "Hauptstr 5",
      "Haupt-Straße 5",
      "Haupt Str. 5",
      "HAUPTSTRASSE 5",
      "  Hauptstraße   5 ",
      "Hauptstr.5",
      "Hauptstraße Nr. 5",
    ];
    expect(new Set(spellings.map((street) => householdKey(at(street))))).toEqual(new Set(["DE|10115|hauptstrasse5"]));
  });

  it("reads house-number forms alike: 5a, 5 a, 5 A, 5-a, 5/a", () => {
    const forms = ["Mühlweg 5a", "Mühlweg 5 a", "Mühlweg 5 A", "Mühlweg 5-a", "Mühlweg 5/a", "Muehlweg 5a", "Muhlweg 5A"];
    expect(new Set(forms.map((street) => householdKey(at(street))))).toEqual(new Set(["DE|10115|muhlweg5a"]));
  });

  it("expands Pl. to Platz", () => {
    expect(householdKey(at("Marienpl. 1", "80331"))).toBe(householdKey(at("Marienplatz 1", "80331")));
  });

  it("reads postal codes without spaces, in capitals and without the old country prefix", () => {
    expect(householdKey(at("Baker Street 221b", "nw1 6xe", "gb"))).toBe("GB|NW16XE|bakerstreet221b");
    expect(householdKey(at("Hauptstraße 5", "D-10115"))).toBe("DE|10115|hauptstrasse5");
    expect(householdKey(at("Herrengasse 1", "A-1010", "AT"))).toBe("AT|1010|herrengasse1");
  });

  it("ignores the second line (flats share the house) and tells houses, numbers, postal codes and countries apart", () => {
    expect(householdKey(at("Hauptstraße 5", "10115", "DE", "3. OG links"))).toBe(householdKey(at("Hauptstraße 5")));
    const different = [at("Hauptstraße 5"), at("Hauptstraße 7"), at("Hauptstraße 5b"), at("Nebenstraße 5"), at("Hauptstraße 5", "10117"), at("Hauptstraße 5", "10115", "AT")];
    expect(new Set(different.map(householdKey)).size).toBe(different.length);
  });

  it("does not read a word that merely starts with Str as the abbreviation", () => {
    expect(householdKey(at("Strandweg 3"))).toBe("DE|10115|strandweg3");
    expect(householdKey(at("Str. des 17. Juni 3"))).toBe("DE|10115|strassedes17juni3");
  });

  it("treats a pick-up point as a household only with the customer's own number", () => {
    const ana = householdKey(at("Packstation 105", "10115", "DE", "Postnummer 12345678"));
    const ben = householdKey(at("Packstation 105", "10115", "DE", "87654321"));
    expect(ana).toBe("DE|10115|packstation105/12345678");
    expect(ben).not.toBe(ana);
    expect(householdKey(at("DHL Packstation 105", "10115", "DE", "12345678"))).toBe("DE|10115|dhlpackstation105/12345678");
    expect(householdKey(at("Packstation 105"))).toBeNull();
    expect(householdKey(at("Postfiliale 512", "10115", "DE", " "))).toBeNull();
  });

  it.each([
    at("", "10115"),
    at("Hauptstraße 5", ""),
    at("Hauptstraße 5", "12"),
    at("Hauptstraße 5", "10115", ""),
    at("Hauptstraße 5", "10115", "Deutschland"),
    { address1: null, address2: null, zip: null, countryCode: null },
    at("--", "10115"),
  ])("gives no key when a part is missing: %j", (address) => {
    expect(householdKey(address)).toBeNull();
  });

  it("is the same key for any case and extra spaces or punctuation", () => {
    const street = fc.stringMatching(/^[A-Za-zäöüÄÖÜß]{3,12}(?:stra(?:ß|ss)e|weg|gasse)$/);
    const number = fc.stringMatching(/^[1-9][0-9]{0,2}[a-c]?$/);
    const noise = fc.constantFrom(" ", "  ", ", ", " - ", ".");
    fc.assert(
      fc.property(street, number, noise, fc.boolean(), (name, house, gap, upper) => {
        const plain = householdKey(at(`${name} ${house}`));
        const written = `${upper ? name.toUpperCase() : name.toLowerCase()}${gap}${house}`;
        expect(plain).not.toBeNull();
        expect(householdKey(at(` ${written} `))).toBe(plain);
      }),
    );
  });

  it("never gives a key to an address without a valid country, and keys carry the country and postal code", () => {
    const part = fc.option(fc.string({ maxLength: 20 }), { nil: null });
    fc.assert(
      fc.property(part, part, part, part, (address1, address2, zip, countryCode) => {
        const key = householdKey({ address1, address2, zip, countryCode });
        if (key === null) return;
        const [country, postal] = key.split("|");
        expect(country).toBe(countryCode?.trim().toUpperCase());
        expect(postal!.length).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});

describe("addressLine", () => {
  it("joins the parts that are there", () => {
    expect(addressLine(at("Hauptstr. 5", "10115", "DE", "c/o Müller"))).toBe("Hauptstr. 5, c/o Müller, 10115 DE");
    expect(addressLine({ address1: "Hauptstr. 5", address2: " ", zip: null, countryCode: "DE" })).toBe("Hauptstr. 5, DE");
  });
});

describe("foldText", () => {
  it.each([
    ["Müller", "muller"],
    ["Mueller", "muller"],
    ["MÜLLER", "muller"],
    ["Straße", "strasse"],
    ["STRASSE", "strasse"],
    ["Görlitzer", "gorlitzer"],
    ["Ærøskøbing", "ærøskøbing"],
    ["José", "jose"],
    ["Ｍüller", "muller"],
    ["Aee", "a"],
  ])("%j → %j", (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.stringMatching(/^[aouäöüeß ]{0,12}$/)), (text) => {
        expect(foldText(foldText(text))).toBe(foldText(text));
      }),
    );
  });
});
