import { describe, expect, test } from "vitest";
import { columnList, recordset, serializeRows, takeExcluded } from "~/core/sync/json-recordset";

describe("serializeRows", () => {
  test("money beyond 2^53 stays exact, dates are UTC ISO strings, null stays null", () => {
    const rows = [{ amountMinor: 9_007_199_254_740_993n, at: new Date("2024-05-14T10:15:05.123+02:00"), note: null }];
    expect(JSON.parse(serializeRows(rows))).toEqual([
      { amountMinor: "9007199254740993", at: "2024-05-14T08:15:05.123Z", note: null },
    ]);
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

  test("column lists and ON CONFLICT assignments follow the declaration order", () => {
    expect(columnList(columns).text).toBe('"platformId", "totalMinor", "consent"');
    expect(columnList(columns, "v").text).toBe('"v"."platformId", "v"."totalMinor", "v"."consent"');
    expect(takeExcluded({ a: "text", b: "text" }).text).toBe('"a" = EXCLUDED."a", "b" = EXCLUDED."b"');
  });
});
