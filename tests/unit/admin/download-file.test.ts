import { describe, expect, it } from "vitest";
import { filenameFromDisposition } from "~/admin/download-file";

describe("filenameFromDisposition", () => {
  it.each([
    ['attachment; filename="datenauskunft-shop-2026-12-04.csv"', "datenauskunft-shop-2026-12-04.csv"],
    ['attachment;filename="a.json"', "a.json"],
    ['inline; filename="report.pdf"; size=10', "report.pdf"],
    ["attachment", null],
    ['attachment; filename=""', null],
    ["", null],
    [null, null],
  ])("%j → %j", (header, expected) => {
    expect(filenameFromDisposition(header)).toBe(expected);
  });
});
