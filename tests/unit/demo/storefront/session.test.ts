import { describe, expect, it } from "vitest";
import { addToCart, CartStore, cookieCustomerId, COOKIES, MAX_QUANTITY, readCookies, removeFromCart, shopperLocale } from "~/demo/storefront/session";

describe("demo storefront shopper", () => {
  it("reads cookies and takes only a numeric customer id from them", () => {
    const cookies = readCookies(`a=1; ${COOKIES.customer}=811733923860000004; broken=%E0%A4%A`);
    expect(cookieCustomerId(cookies)).toBe("811733923860000004");
    expect(cookies.has("broken")).toBe(false);
    expect(cookieCustomerId(readCookies(`${COOKIES.customer}=1 OR 1=1`))).toBeNull();
    expect(cookieCustomerId(readCookies(undefined))).toBeNull();
  });

  it("speaks the chosen language, else the browser's, else German", () => {
    expect(shopperLocale(readCookies(`${COOKIES.locale}=en`), "de-DE")).toBe("en");
    expect(shopperLocale(readCookies(""), "fr-FR,en;q=0.8")).toBe("en");
    expect(shopperLocale(readCookies(`${COOKIES.locale}=fr`), undefined)).toBe("de");
  });

  it("keeps carts by id, adding up a variant's quantity to at most the maximum", () => {
    const store = new CartStore();
    const id = store.put(undefined, addToCart(store.get(undefined), "11", 2));
    store.put(id, addToCart(addToCart(store.get(id), "11", MAX_QUANTITY), "12", 1));
    expect(store.get(id).lines).toEqual([
      { variantId: "11", quantity: MAX_QUANTITY },
      { variantId: "12", quantity: 1 },
    ]);
    expect(removeFromCart(store.get(id), "11").lines).toEqual([{ variantId: "12", quantity: 1 }]);
    expect(store.put("unknown", store.get(id))).not.toBe("unknown");
    store.clear(id);
    expect(store.get(id).lines).toEqual([]);
  });
});
