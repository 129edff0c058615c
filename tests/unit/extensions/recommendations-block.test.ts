import { describe, expect, it } from "vitest";
import { StorefrontRenderer, type StorefrontContext } from "~/demo/storefront/liquid.server";

// The "frequently bought together" block as Shopify renders it (the demo storefront's renderer
// plays Shopify's part): which products it asks about on a product page and on the cart, its
// texts in the shopper's language, and the skeleton that holds its place.

const renderer = new StorefrontRenderer();
const context = (locale: "de" | "en"): StorefrontContext => ({ locale, currency: "EUR", shopName: "Alpenröster", customer: null, path: "/demo-store" });

describe("blocks/frequently-bought-together.liquid", () => {
  it("on a product page asks about the product, in the shopper's language, with a fixed skeleton", async () => {
    const html = await renderer.renderBlock("frequently-bought-together", context("de"), { product: { id: "7001" } });
    expect(html).toContain('data-mode="product"');
    expect(html).toContain('data-products="7001"');
    expect(html).toContain('data-proxy-recommendations="/apps/crm/recommendations"');
    expect(html).toContain("Wird oft zusammen gekauft");
    expect(html).toContain("Auswahl zum Warenkorb hinzufügen");
    expect(html).toContain('data-added="Die ausgewählten Produkte liegen jetzt in Ihrem Warenkorb."');
    expect(html.match(/crm-fbt__item--skeleton/g)).toHaveLength(3);
    expect(html).toMatch(/role="status" aria-live="polite"/);
    expect(html).not.toMatch(/<section[^>]*\bhidden\b/);
    expect(html).not.toContain("schema");
  });

  it("on the cart asks about the cart's products, each once; an empty cart hides it", async () => {
    const cart = { items: [{ product_id: "7001" }, { product_id: "7002" }, { product_id: "7001" }] };
    const html = await renderer.renderBlock("frequently-bought-together", context("en"), { cart });
    expect(html).toContain('data-mode="cart"');
    expect(html).toContain('data-products="7001,7002"');
    expect(html).toContain("Frequently bought together");
    expect(html).toContain("Add selected to cart");
    const empty = await renderer.renderBlock("frequently-bought-together", context("en"), { cart: { items: [] } });
    expect(empty).toMatch(/<section[^>]*\bhidden\b/);
  });
});
