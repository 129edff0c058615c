import { describe, expect, it } from "vitest";
import { matchLocale, resolveLocale } from "~/i18n/locale.server";

function request(query: string, acceptLanguage?: string): Request {
  return new Request(`https://crm.example.test/app${query}`, {
    headers: acceptLanguage === undefined ? {} : { "accept-language": acceptLanguage },
  });
}

describe("resolveLocale", () => {
  it("takes the language Shopify passes to embedded apps", () => {
    expect(resolveLocale(request("?locale=de-DE"))).toBe("de");
    expect(resolveLocale(request("?locale=en-US"))).toBe("en");
    expect(resolveLocale(request("?locale=en"))).toBe("en");
    expect(resolveLocale(request("?shop=x.myshopify.com&locale=EN_gb&host=abc"))).toBe("en");
  });

  it("prefers the Shopify parameter over the browser", () => {
    expect(resolveLocale(request("?locale=de", "en-US,en;q=0.9"))).toBe("de");
    expect(resolveLocale(request("?locale=en-GB", "de-DE"))).toBe("en");
  });

  it("falls back to Accept-Language for a language the app does not speak", () => {
    expect(resolveLocale(request("?locale=fr-FR", "fr-FR,en;q=0.8"))).toBe("en");
  });

  it("reads Accept-Language by preference", () => {
    expect(resolveLocale(request("", "en-US,en;q=0.9,de;q=0.8"))).toBe("en");
    expect(resolveLocale(request("", "de-AT,de;q=0.9,en;q=0.8"))).toBe("de");
    expect(resolveLocale(request("", "fr;q=1, en;q=0.5, de;q=0.7"))).toBe("de");
    expect(resolveLocale(request("", "en;q=0, de;q=0.1"))).toBe("de");
    expect(resolveLocale(request("", "fr, en"))).toBe("en");
  });

  it("defaults to German", () => {
    expect(resolveLocale(request(""))).toBe("de");
    expect(resolveLocale(request("", ""))).toBe("de");
    expect(resolveLocale(request("", "fr-FR, es;q=0.5, *;q=0.1"))).toBe("de");
    expect(resolveLocale(request("", "en;q=0"))).toBe("de");
    expect(resolveLocale(request("?locale=", "garbage;;;q=x"))).toBe("de");
  });
});

describe("matchLocale", () => {
  it("matches the primary language subtag only", () => {
    expect(matchLocale("de-CH")).toBe("de");
    expect(matchLocale(" en ")).toBe("en");
    expect(matchLocale("deu")).toBeNull();
    expect(matchLocale("fr")).toBeNull();
    expect(matchLocale(null)).toBeNull();
  });
});
