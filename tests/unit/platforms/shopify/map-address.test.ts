import { describe, expect, it } from "vitest";

import { customerAddress, orderAddress } from "~/platforms/shopify/map-address";

describe("customerAddress", () => {
  it.each([
    ["a full German address", { city: "Berlin", zip: "10115", provinceCode: null, countryCode: "DE" }, { city: "Berlin", zip: "10115", provinceCode: null, countryCode: "DE" }],
    ["text trimmed, codes upper-cased", { city: " Zürich ", zip: " 8001 ", provinceCode: "zh", countryCode: "ch" }, { city: "Zürich", zip: "8001", provinceCode: "ZH", countryCode: "CH" }],
    ["empty strings are not set", { city: "", zip: "", provinceCode: "", countryCode: "AT" }, { city: null, zip: null, provinceCode: null, countryCode: "AT" }],
    ["a country that is no ISO alpha-2 code is left out", { city: "Wien", zip: "1010", countryCode: "Austria" }, { city: "Wien", zip: "1010", provinceCode: null, countryCode: null }],
  ])("%s", (_case, parts, expected) => {
    expect(customerAddress(parts)).toEqual(expected);
  });

  it.each([
    ["no address", null],
    ["an absent address", undefined],
    ["an address with nothing the CRM keeps", { city: " ", zip: null, provinceCode: null, countryCode: "" }],
  ])("%s is null", (_case, parts) => {
    expect(customerAddress(parts)).toBeNull();
  });
});

describe("orderAddress", () => {
  it.each([
    ["city and country", { city: "Köln", countryCode: "DE" }, { city: "Köln", countryCode: "DE" }],
    ["a country alone (a POS sale)", { city: null, countryCode: "de" }, { city: null, countryCode: "DE" }],
    ["a city alone", { city: " Graz", countryCode: "X" }, { city: "Graz", countryCode: null }],
    ["no address", null, null],
    ["an empty address", { city: "", countryCode: "" }, null],
  ])("%s", (_case, parts, expected) => {
    expect(orderAddress(parts)).toEqual(expected);
  });
});
