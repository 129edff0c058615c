import { describe, expect, test } from "vitest";
import { likeContains, searchPlan, wordsTooShort } from "~/core/customers/customer-search";

describe("search plan", () => {
  test.each([
    ["", null],
    ["   ", null],
    ["Anna  Schmidt", { words: ["anna", "schmidt"], phoneDigits: null, orderNumber: null, email: null }],
    ["#1042", { words: ["#1042"], phoneDigits: null, orderNumber: 1042, email: null }],
    ["1042", { words: ["1042"], phoneDigits: null, orderNumber: 1042, email: null }],
    // Spaces group a phone number's digits: two numbers read as one phone number.
    ["1042 1043", { words: ["1042", "1043"], phoneDigits: "10421043", orderNumber: null, email: null }],
    ["#10a", { words: ["#10a"], phoneDigits: null, orderNumber: null, email: null }],
    ["1234567890", { words: ["1234567890"], phoneDigits: "1234567890", orderNumber: null, email: null }],
    ["+49 1522 126069", { words: ["+49", "1522", "126069"], phoneDigits: "1522126069", orderNumber: null, email: null }],
    ["Köln", { words: ["köln"], phoneDigits: null, orderNumber: null, email: null }],
    ["a\u0000b", { words: ["a", "b"], phoneDigits: null, orderNumber: null, email: null }],
  ])("%j", (query, plan) => {
    expect(searchPlan(query)).toEqual(plan);
  });

  test.each([
    ["Anna.Schmidt@Example.com", "anna.schmidt@example.com"],
    ["anna.schmidt@example", null],
    ["anna@", null],
    ["anna.schmidt@example.com extra", null],
  ])("a whole e-mail address %j is searched as %j", (query, email) => {
    expect(searchPlan(query)?.email).toBe(email);
  });

  test("at most six words are searched", () => {
    expect(searchPlan("a b c d e f g h")?.words).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  test("an order number too long for the column is no order number", () => {
    expect(searchPlan("#1234567890")?.orderNumber).toBeNull();
  });

  test.each([
    ["ab", true],
    ["ab cd", true],
    ["ab cde", false],
    ["#12", false],
    ["Li", true],
  ])("words of %j too short to search: %s", (query, tooShort) => {
    expect(wordsTooShort(searchPlan(query)!)).toBe(tooShort);
  });

  test("LIKE wildcards typed by a merchant are taken literally", () => {
    expect(likeContains("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
