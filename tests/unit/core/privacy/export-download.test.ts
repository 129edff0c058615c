import { describe, expect, it } from "vitest";
import { exportFilename, renderExportJson } from "~/core/privacy/export-download";

describe("exportFilename", () => {
  it.each([
    ["datenauskunft", "alpenroester-demo.myshopify.com", "2026-12-04T10:00:00Z", "csv", "datenauskunft-alpenroester-demo-2026-12-04.csv"],
    ["data-request", "alpenroester-demo.myshopify.com", "2026-12-04T10:00:00Z", "json", "data-request-alpenroester-demo-2026-12-04.json"],
    // The day is the shop's (Berlin): 23:30 UTC on 3 December is already the 4th there.
    ["datenauskunft", "shop.myshopify.com", "2026-12-03T23:30:00Z", "csv", "datenauskunft-shop-2026-12-04.csv"],
    ["datenauskunft", "shop.myshopify.com", "2026-07-03T21:59:59Z", "csv", "datenauskunft-shop-2026-07-03.csv"],
    ["data-request", "Käse & Co.example.com", "2026-01-01T12:00:00Z", "json", "data-request-k-se-co-example-com-2026-01-01.json"],
  ] as const)("%s + %s + %s → %s", (prefix, domain, at, format, expected) => {
    expect(exportFilename(prefix, domain, new Date(at), format)).toBe(expected);
  });
});

describe("renderExportJson", () => {
  it("is the export itself, indented, with a final newline", () => {
    const exported = { customers: [{ email: "ana@example.com" }], orders: [], timeline: [] };
    const text = renderExportJson(exported);
    expect(JSON.parse(text)).toEqual(exported);
    expect(text).toContain('\n  "customers": [\n');
    expect(text.endsWith("}\n")).toBe(true);
  });
});
