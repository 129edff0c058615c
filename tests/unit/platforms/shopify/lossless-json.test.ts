import fc from "fast-check";
import { parse as parseLosslessly } from "lossless-json";
import { describe, expect, it } from "vitest";

import { parseShopifyJson, ShopifyJsonError } from "~/platforms/shopify/lossless-json";

import { fixtureText } from "./load-fixture";

describe("parseShopifyJson", () => {
  it("keeps 18- and 19-digit ids exact where JSON.parse rounds them", () => {
    const text = '{"id":450789469123456781,"big":9223372036854775807,"neg":-450789469123456781}';
    expect(String((JSON.parse(text) as { id: number }).id)).not.toBe("450789469123456781");
    expect(parseShopifyJson(text)).toEqual({
      id: "450789469123456781",
      big: "9223372036854775807",
      neg: "-450789469123456781",
    });
  });

  it("returns safe integers as numbers, right up to the boundary", () => {
    expect(
      parseShopifyJson('[0, -0, 1, -1, 9007199254740991, -9007199254740991, 9007199254740992]'),
    ).toEqual([0, 0, 1, -1, 9007199254740991, -9007199254740991, "9007199254740992"]);
    expect(Object.is(parseShopifyJson("-0"), 0)).toBe(true);
  });

  it("keeps every non-integer number as its exact source text", () => {
    expect(parseShopifyJson('{"rate":0.19,"lat":47.3769,"x":15.0,"e":1e3,"f":-2.5E-4,"tiny":0.1000000000000000055511}')).toEqual({
      rate: "0.19",
      lat: "47.3769",
      x: "15.0",
      e: "1e3",
      f: "-2.5E-4",
      tiny: "0.1000000000000000055511",
    });
  });

  it("leaves strings, booleans, null and nesting alone", () => {
    expect(parseShopifyJson('{"a":"12.50","b":[true,false,null,{"c":"x"}],"d":{}}')).toEqual({
      a: "12.50",
      b: [true, false, null, { c: "x" }],
      d: {},
    });
  });

  it("parses every fixture, with ids as exact strings", () => {
    const order = parseShopifyJson(fixtureText("orders-create")) as {
      id: unknown;
      customer: { id: unknown };
      line_items: { id: unknown; product_id: unknown }[];
    };
    expect(order.id).toBe("450789469123456781");
    expect(order.customer.id).toBe("207119551123456783");
    expect(order.line_items.map((item) => [item.id, item.product_id])).toEqual([
      ["466157049123456783", "632910392123456787"],
      ["466157049123456785", null],
    ]);
  });

  it("does not let a __proto__ key change the object's prototype", () => {
    const value = parseShopifyJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it.each([
    ["", /end of input/],
    ["   ", /end of input/],
    ["{", /Malformed JSON/],
    ['{"a":1,}', /Malformed JSON/],
    ["[1,]", /Malformed JSON/],
    ["{'a':1}", /Malformed JSON/],
    ['{"a":1} trailing', /Malformed JSON/],
    ["NaN", /Malformed JSON/],
    ['{"a":01}', /Malformed JSON/],
  ])("throws a ShopifyJsonError for %j", (text, message) => {
    expect(() => parseShopifyJson(text)).toThrow(ShopifyJsonError);
    expect(() => parseShopifyJson(text)).toThrow(message);
  });

  it("rejects duplicate keys instead of picking one, at any depth", () => {
    expect(() => parseShopifyJson('{"id":1,"id":2}')).toThrow(/Duplicate key 'id'/);
    expect(() => parseShopifyJson('{"a":[{"b":{"c":1,"c":1}}]}')).toThrow(/Malformed JSON.*duplicate key/);
    expect(() => parseShopifyJson('{"k":1,"\\u006b":2}')).toThrow(ShopifyJsonError);
    expect(parseShopifyJson('[{"id":1},{"id":2}]')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("parses nesting deeper than a call stack", () => {
    const depth = 50_000;
    const parsed = parseShopifyJson(`${'{"a":['.repeat(depth)}12345678901234567890${"]}".repeat(depth)}`);
    let level: unknown = parsed;
    for (let i = 0; i < depth; i++) level = (level as { a: unknown[] }).a[0];
    expect(level).toBe("12345678901234567890");
  });

  it("leaves numbers inside strings, and strings with quotes and backslashes, as they are", () => {
    const text = String.raw`{"note":"a \"12345678901234567890\" and 1.5","path":"C:\\","n":12345678901234567890}`;
    expect(parseShopifyJson(text)).toEqual({
      note: 'a "12345678901234567890" and 1.5',
      path: "C:\\",
      n: "12345678901234567890",
    });
  });

  it("agrees with lossless-json on any JSON document", () => {
    const exactNumber = (text: string) => {
      const value = Number(text);
      return /^-?\d+$/.test(text) && Number.isSafeInteger(value) ? value + 0 : text;
    };
    const numberText = fc.oneof(
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    );
    const stringText = fc.string({ unit: "binary" }).map((value) => JSON.stringify(value));
    const { document } = fc.letrec<{ document: string }>((tie) => ({
      document: fc.oneof(
        { depthSize: "small" },
        numberText,
        stringText,
        fc.constantFrom("true", "false", "null"),
        fc.array(tie("document")).map((items) => `[${items.join(",")}]`),
        fc
          .uniqueArray(fc.tuple(stringText, tie("document")), { selector: ([key]) => JSON.parse(key) as string })
          .map((entries) => `{${entries.map(([key, value]) => `${key} : ${value}`).join(", ")}}`),
      ),
    }));
    fc.assert(
      fc.property(document, (text) => {
        expect(parseShopifyJson(text)).toEqual(parseLosslessly(text, null, exactNumber));
      }),
    );
  });

  it("does not echo the payload (which may hold customer data) in its error", () => {
    const secret = '{"email":"secret.person@example.com",';
    expect(() => parseShopifyJson(secret)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("secret.person") }),
    );
  });

  it("agrees with JSON.parse on every integer, as text", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n }), (value) => {
        const parsed = parseShopifyJson(`{"id":${value}}`) as { id: unknown };
        expect(String(parsed.id)).toBe(value.toString());
        const safe = value >= -(2n ** 53n - 1n) && value <= 2n ** 53n - 1n;
        expect(typeof parsed.id).toBe(safe ? "number" : "string");
      }),
    );
  });
});
