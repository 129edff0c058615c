import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { columnList, recordset, recordsetWithNewIds, serializeRows, takeExcluded } from "~/core/sync/json-recordset";

describe("serializeRows", () => {
  test("money beyond 2^53 stays exact, dates are UTC ISO strings, null stays null", () => {
    const rows = [{ amountMinor: 9_007_199_254_740_993n, at: new Date("2024-05-14T10:15:05.123+02:00"), note: null }];
    expect(JSON.parse(serializeRows(rows))).toEqual([
      { amountMinor: "9007199254740993", at: "2024-05-14T08:15:05.123Z", note: null },
    ]);
  });

  test("nested values (a timeline event's data) are converted at any depth", () => {
    const rows = [{ data: { order: { totalMinor: 12n, at: new Date(0) }, lines: [{ qty: 2n }, null, "x"] } }];
    expect(JSON.parse(serializeRows(rows))).toEqual([
      { data: { order: { totalMinor: "12", at: "1970-01-01T00:00:00.000Z" }, lines: [{ qty: "2" }, null, "x"] } },
    ]);
  });

  test("writes exactly what JSON.stringify with a BigInt replacer writes", () => {
    const leaf = fc.oneof(
      fc.bigInt(),
      fc.date({ noInvalidDate: true }),
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    const bigintAsString = (_key: string, entry: unknown) => (typeof entry === "bigint" ? entry.toString() : entry);
    const key = fc.oneof(fc.string(), fc.constant("__proto__"));
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value)), (rows) => {
        expect(serializeRows(rows)).toBe(JSON.stringify(rows, bigintAsString));
      }),
    );
  });

  test("arrays of strings are JSON arrays, with quotes and braces untouched", () => {
    expect(JSON.parse(serializeRows([{ tags: ['a "b"', "{c}", "d,e"] }]))).toEqual([{ tags: ['a "b"', "{c}", "d,e"] }]);
  });
});

describe("SQL fragments", () => {
  const columns = { platformId: "text", totalMinor: "bigint", consent: '"MarketingConsent"' } as const;

  test("a recordset declares every column with its type and passes the rows as one parameter", () => {
    const sql = recordset(columns, [{ platformId: "1", totalMinor: 5n, consent: null }]);
    expect(sql.text).toBe(
      'json_to_recordset($1::json) AS "v"("platformId" text, "totalMinor" bigint, "consent" "MarketingConsent")',
    );
    expect(sql.values).toEqual(['[{"platformId":"1","totalMinor":"5","consent":null}]']);
  });

  test("a recordset with new ids adds a \"newId\" uuid column: a distinct version 7 key per row, the rows left as they were", () => {
    const rows = [
      { platformId: "1", totalMinor: 5n, consent: null },
      { platformId: "2", totalMinor: 7n, consent: "SUBSCRIBED" },
    ];
    const sql = recordsetWithNewIds(columns, rows, "l");
    expect(sql.text).toBe(
      'json_to_recordset($1::json) AS "l"("platformId" text, "totalMinor" bigint, "consent" "MarketingConsent", "newId" uuid)',
    );
    const sent = JSON.parse(sql.values[0] as string) as Array<Record<string, unknown>>;
    expect(sent.map(({ newId: _newId, ...row }) => row)).toEqual([
      { platformId: "1", totalMinor: "5", consent: null },
      { platformId: "2", totalMinor: "7", consent: "SUBSCRIBED" },
    ]);
    for (const { newId } of sent) expect(newId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[0]!.newId).not.toBe(sent[1]!.newId);
    expect(rows[0]).toEqual({ platformId: "1", totalMinor: 5n, consent: null });
  });

  test("column lists and ON CONFLICT assignments follow the declaration order", () => {
    expect(columnList(columns).text).toBe('"platformId", "totalMinor", "consent"');
    expect(columnList(columns, "v").text).toBe('"v"."platformId", "v"."totalMinor", "v"."consent"');
    expect(takeExcluded({ a: "text", b: "text" }).text).toBe('"a" = EXCLUDED."a", "b" = EXCLUDED."b"');
  });
});
