import { describe, expect, it } from "vitest";
import { explainDecay, explainRecommendation, sourceLabel } from "~/core/recommendations/explain";
import type { PairFigures } from "~/core/recommendations/pair-scores";
import type { Recommendation } from "~/core/recommendations/recommend";

const names = { product: "Espresso Beans", other: "Milk Jug" };
const pair = (figures: Partial<PairFigures>): Recommendation => ({
  productId: "y",
  source: "pair",
  figures: { orders: 42, weight: 30.5, support: 0.0123, confidence: 0.31, lift: 3.24, ...figures },
});

describe("explainRecommendation", () => {
  it("puts support, confidence and lift into words, in English and German", () => {
    expect(explainRecommendation("en", pair({}), names)).toBe(
      "Orders with both: 42 (1.2 % of all orders). 31 % of orders with Espresso Beans also contain Milk Jug, 3.2× as often as orders overall.",
    );
    expect(explainRecommendation("de", pair({}), names)).toBe(
      "Bestellungen mit beiden: 42 (1,2 % aller Bestellungen). 31 % der Bestellungen mit Espresso Beans enthalten auch Milk Jug, 3,2-mal so oft wie Bestellungen insgesamt.",
    );
  });

  it("says 'as often' at a lift that rounds to 1 and 'only' below", () => {
    expect(explainRecommendation("en", pair({ lift: 1.04 }), names)).toContain("Milk Jug, as often as orders overall.");
    expect(explainRecommendation("en", pair({ lift: 0.62 }), names)).toContain("only 0.6× as often");
    expect(explainRecommendation("de", pair({ lift: 0.62 }), names)).toContain("nur 0,6-mal so oft");
  });

  it("shows a rare pair's support as below 0.1 %, not as 0, and never rounds confidence up to 100 %", () => {
    expect(explainRecommendation("en", pair({ support: 0.0002 }), names)).toContain("(< 0.1 % of all orders)");
    expect(explainRecommendation("de", pair({ support: 0.0002 }), names)).toContain("(< 0,1 % aller Bestellungen)");
    expect(explainRecommendation("en", pair({ confidence: 0.998 }), names)).toContain("99 % of orders with");
    expect(explainRecommendation("en", pair({ confidence: 1 }), names)).toContain("100 % of orders with");
  });

  it("names the source of pins and fallbacks", () => {
    expect(explainRecommendation("en", { productId: "y", source: "pin" }, names)).toBe("Pinned to Espresso Beans by hand.");
    expect(explainRecommendation("de", { productId: "y", source: "collection" }, names)).toBe("Einer der Bestseller in den Kollektionen von Espresso Beans.");
    expect(explainRecommendation("en", { productId: "y", source: "bestseller" }, names)).toBe("One of the shop's bestsellers.");
  });

  it("labels the sources and explains the decay in both languages", () => {
    expect(sourceLabel("de", "pair")).toBe("Zusammen gekauft");
    expect(sourceLabel("en", "collection")).toBe("Collection bestseller");
    expect(explainDecay("de", 90)).toBe("Neuere Bestellungen zählen mehr: Eine 90 Tage alte Bestellung zählt halb so viel.");
    expect(explainDecay("en", 90)).toBe("Recent orders count more: an order 90 days old counts half as much.");
  });
});
