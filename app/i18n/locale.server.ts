import { DEFAULT_LOCALE, isLocale, type Locale } from "./translate";

/** "de-DE" → "de", "EN_us" → "en"; null for a language the app does not speak. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().split(/[-_]/)[0]?.toLowerCase();
  return isLocale(language) ? language : null;
}

/** Accept-Language entries by preference: highest q first, ties in header order; q=0 means "not". */
function preferredLanguages(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The UI language of an admin request. Shopify tells an embedded app the admin's language in the
 * `locale` query parameter ("de-DE"); that wins because it is what the merchant chose in Shopify.
 * Otherwise the browser's Accept-Language, otherwise German.
 */
export function resolveLocale(request: Request): Locale {
  const fromQuery = matchLocale(new URL(request.url).searchParams.get("locale"));
  if (fromQuery) return fromQuery;
  for (const tag of preferredLanguages(request.headers.get("accept-language") ?? "")) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
