import { describe, expect, it } from "vitest";

import { composeId, formatMinor, getDemoCatalog, slugify } from "~/demo/catalog";

const catalog = getDemoCatalog();

describe("demo catalog", () => {
  it("has at least 150 products with 1-3 variants each", () => {
    expect(catalog.products.length).toBeGreaterThanOrEqual(150);
    for (const p of catalog.products) {
      expect(p.variants.length).toBeGreaterThanOrEqual(1);
      expect(p.variants.length).toBeLessThanOrEqual(3);
    }
  });

  it("uses unique handles, SKUs and 18-digit ids beyond 2^53", () => {
    const ids = catalog.products.flatMap((p) => [p.id, p.optionId, ...p.variants.flatMap((v) => [v.id, v.inventoryItemId])]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[1-9]\d{17}$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
    const handles = catalog.products.map((p) => p.handle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const h of handles) expect(h).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
    expect(new Set(skus).size).toBe(skus.length);
  });

  it("prices variants as two-decimal strings matching their minor units", () => {
    for (const v of catalog.products.flatMap((p) => p.variants)) {
      expect(v.price).toMatch(/^\d+\.\d{2}$/);
      expect(Math.round(Number(v.price) * 100)).toBe(v.priceMinor);
      expect(v.priceMinor).toBeGreaterThan(0);
    }
  });

  it("has some variants out of stock, and never a product without a sellable variant", () => {
    const variants = catalog.products.flatMap((p) => p.variants);
    expect(variants.filter((v) => v.inventoryQuantity === 0).length).toBeGreaterThan(3);
    expect(variants.some((v) => v.inventoryQuantity === 0 && v.inventoryPolicy === "deny" && !v.available)).toBe(true);
    for (const p of catalog.products) expect(p.variants.some((v) => v.available)).toBe(true);
  });

  it("spreads products over collections, vendors and product types", () => {
    const used = new Set(catalog.products.map((p) => p.collection));
    expect(used.size).toBeGreaterThanOrEqual(12);
    for (const handle of used) expect(catalog.collections.some((c) => c.handle === handle)).toBe(true);
    expect(new Set(catalog.products.map((p) => p.vendor)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(catalog.products.map((p) => p.productType)).size).toBeGreaterThanOrEqual(15);
  });

  it("links basket rules and companions to existing products", () => {
    for (const rule of catalog.basketRules) {
      for (const g of [...rule.anchor, ...rule.complements.flatMap((c) => c.groups)]) {
        expect(catalog.byGroup.get(g)?.length ?? 0).toBeGreaterThan(0);
      }
    }
    const companions = catalog.products.flatMap((p) => p.companions.map(([handle]) => handle));
    expect(companions.length).toBeGreaterThan(10);
    for (const handle of companions) expect(catalog.byHandle.has(handle)).toBe(true);
    expect(catalog.byHandle.get("matcha-ceremonial-uji")?.companions.map(([h]) => h)).toContain("matcha-besen-chasen");
  });

  it("is the same object on every call (static data)", () => {
    expect(getDemoCatalog()).toBe(catalog);
  });
});

describe("catalog helpers", () => {
  it("slugifies German titles the way merchants write handles", () => {
    expect(slugify("Filterpapier Gr. 2 100 Stück")).toBe("filterpapier-gr-2-100-stueck");
    expect(slugify("Süßes & Öl")).toBe("suesses-oel");
  });

  it("formats minor units", () => {
    expect(formatMinor(0)).toBe("0.00");
    expect(formatMinor(5)).toBe("0.05");
    expect(formatMinor(118_900)).toBe("1189.00");
    expect(formatMinor(-490)).toBe("-4.90");
  });

  it("composes 18-digit ids and refuses bodies that would not be exact", () => {
    expect(composeId(83, 1)).toBe("830000000000000001");
    expect(() => composeId(83, 1e16)).toThrow(RangeError);
    expect(() => composeId(9, 1)).toThrow(RangeError);
  });
});
