import { describe, expect, it } from "vitest";

import { customerAddress, orderAddress, orderPlace } from "~/platforms/shopify/map-address";

const NO_STREET = { address1: null, address2: null };

describe("customerAddress", () => {
  it.each([
    [
      "a full German address",
      { address1: "Lindenallee 7", address2: "Hinterhaus", city: "Berlin", zip: "10115", provinceCode: null, countryCode: "DE" },
      { address1: "Lindenallee 7", address2: "Hinterhaus", city: "Berlin", zip: "10115", provinceCode: null, countryCode: "DE" },
    ],
    [
      "text trimmed, codes upper-cased",
      { address1: " Seestrasse 12 ", address2: " ", city: " Zürich ", zip: " 8001 ", provinceCode: "zh", countryCode: "ch" },
      { address1: "Seestrasse 12", address2: null, city: "Zürich", zip: "8001", provinceCode: "ZH", countryCode: "CH" },
    ],
    ["empty strings are not set", { city: "", zip: "", provinceCode: "", countryCode: "AT" }, { ...NO_STREET, city: null, zip: null, provinceCode: null, countryCode: "AT" }],
    ["a country that is no ISO alpha-2 code is left out", { city: "Wien", zip: "1010", countryCode: "Austria" }, { ...NO_STREET, city: "Wien", zip: "1010", provinceCode: null, countryCode: null }],
    ["a street alone is an address", { address1: "Hauptstraße 5", city: null, countryCode: null }, { ...NO_STREET, address1: "Hauptstraße 5", city: null, zip: null, provinceCode: null, countryCode: null }],
  ])("%s", (_case, parts, expected) => {
    expect(customerAddress(parts)).toEqual(expected);
  });

  it.each([
    ["no address", null],
    ["an absent address", undefined],
    ["an address with nothing the CRM keeps", { address1: "", address2: " ", city: " ", zip: null, provinceCode: null, countryCode: "" }],
  ])("%s is null", (_case, parts) => {
    expect(customerAddress(parts)).toBeNull();
  });
});

describe("orderAddress (where the parcel goes)", () => {
  it.each([
    [
      "street lines, postal code, city and country",
      { address1: "Packstation 105", address2: " 12345678 ", city: "Köln", zip: "50667", countryCode: "DE" },
      { address1: "Packstation 105", address2: "12345678", zip: "50667", city: "Köln", countryCode: "DE" },
    ],
    ["a country alone (a POS sale)", { city: null, countryCode: "de" }, { ...NO_STREET, zip: null, city: null, countryCode: "DE" }],
    ["a city alone", { city: " Graz", countryCode: "X" }, { ...NO_STREET, zip: null, city: "Graz", countryCode: null }],
    ["no address", null, null],
    ["an empty address", { address1: " ", address2: "", city: "", zip: "", countryCode: "" }, null],
  ])("%s", (_case, parts, expected) => {
    expect(orderAddress(parts)).toEqual(expected);
  });
});

describe("orderPlace (where the order is billed)", () => {
  it.each([
    ["keeps the place, not the street", { address1: "Kirchweg 12", address2: "2. OG", city: "Köln", zip: "50667", countryCode: "DE" }, { city: "Köln", countryCode: "DE" }],
    ["a country alone", { city: null, countryCode: "de" }, { city: null, countryCode: "DE" }],
    ["a street without city or country is no place", { address1: "Kirchweg 12", city: " ", countryCode: null }, null],
    ["no address", null, null],
  ])("%s", (_case, parts, expected) => {
    expect(orderPlace(parts)).toEqual(expected);
  });
});
