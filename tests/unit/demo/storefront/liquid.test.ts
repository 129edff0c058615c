import { describe, expect, it } from "vitest";
import { translateExtension } from "~/demo/storefront/extension-locales";
import { splitAppBlock, StorefrontRenderer, type StorefrontContext } from "~/demo/storefront/liquid.server";

const renderer = new StorefrontRenderer();
const context = (locale: "de" | "en", signedIn: boolean): StorefrontContext => ({
  locale,
  currency: "EUR",
  shopName: "Alpenröster",
  customer: signedIn ? { id: "1", first_name: "Anna", last_name: "Berg", name: "Anna Berg", email: "anna@example.de" } : null,
  path: "/demo-store",
});

describe("the extension's blocks rendered as Shopify renders app blocks", () => {
  it("product points: the schema's default rate, prices in cents, `t` with a plural count per language", async () => {
    const product = { selected_or_first_available_variant: { price: 1290 } };
    expect(await renderer.renderBlock("product-points", context("de", false), { product })).toContain("Mit diesem Kauf sammeln Sie 12 Punkte");
    expect(await renderer.renderBlock("product-points", context("en", false), { product: { selected_or_first_available_variant: { price: 199 } } })).toContain(
      "Earn 1 point with this purchase",
    );
  });

  it("account hub: the snippet via {% render %} sees the customer, escaped attributes, no schema left", async () => {
    const html = await renderer.renderBlock("account-hub", context("de", true));
    expect(html).toContain('data-locale="de"');
    expect(html).toContain('data-proxy="/apps/crm/loyalty"');
    expect(html).toContain("--crm-accent: #1f5f4a");
    expect(html).toContain("Vorgemerkt (Rückgabefrist)");
    expect(html).not.toContain("schema");
    const signedOut = await renderer.renderBlock("account-hub", context("en", false));
    expect(signedOut).toContain('href="/demo-store/account/login"');
    expect(signedOut).not.toContain('data-crm="available"');
  });

  it("a page carries the app embed and the theme's texts in the shopper's language", async () => {
    const html = await renderer.renderPage("index", context("en", false), { products: [{ title: "Tee & Kaffee", url: "/x", price: 1290 }], cart_count: 2 });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Tee &amp; Kaffee");
    expect(html).toContain("from €12.90");
    expect(html).toContain("Cart (2)");
    expect(html).toContain('class="crm-loyalty__launcher"');
  });
});

describe("app block pieces", () => {
  it("splits a block into its Liquid and its settings' defaults", () => {
    const block = splitAppBlock('<p>{{ block.settings.a }}</p>\n{% schema %}{"settings":[{"id":"a","type":"text","default":"x"},{"id":"b","type":"text"}]}{% endschema %}');
    expect(block).toEqual({ liquid: "<p>{{ block.settings.a }}</p>\n", settings: { a: "x", b: null } });
  });

  it("translates with plural forms, placeholders and a visible gap", () => {
    const tree = { a: { one: "1 Punkt", other: "{{ count }} Punkte" }, b: "Hallo {{ name }}" };
    const trees = { locale: "de", tree, fallback: { c: "fallback" } };
    expect(translateExtension(trees, "a", { count: 1 })).toBe("1 Punkt");
    expect(translateExtension(trees, "a", { count: 3 })).toBe("3 Punkte");
    expect(translateExtension(trees, "b", { name: "Anna" })).toBe("Hallo Anna");
    expect(translateExtension(trees, "c", {})).toBe("fallback");
    expect(translateExtension(trees, "d", {})).toBe("translation missing: de.d");
  });
});
