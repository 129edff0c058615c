import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { isLocale, type Locale } from "~/i18n/translate";

// The demo shopper's state: who they signed in as (a demo customer's platform id: the demo has no
// passwords), their language, and their cart, kept in memory under a cookie (a restart empties
// carts, as a demo may).

export const COOKIES = { customer: "crm_demo_customer", locale: "crm_demo_locale", cart: "crm_demo_cart" } as const;

export function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    try {
      cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // A malformed cookie is ignored, as a browser would have sent nothing.
    }
  }
  return cookies;
}

const platformIdSchema = z.string().regex(/^\d{1,20}$/);

export function cookieCustomerId(cookies: ReadonlyMap<string, string>): string | null {
  const parsed = platformIdSchema.safeParse(cookies.get(COOKIES.customer));
  return parsed.success ? parsed.data : null;
}

/** The cookie's language, else the browser's first one the app speaks, else German (the shop's). */
export function shopperLocale(cookies: ReadonlyMap<string, string>, acceptLanguage: string | undefined): Locale {
  const chosen = cookies.get(COOKIES.locale);
  if (isLocale(chosen)) return chosen;
  for (const tag of (acceptLanguage ?? "").split(",")) {
    const language = tag.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return "de";
}

/** A line's properties (Shopify's line item properties: `_`-prefixed ones are hidden at checkout); absent: none. */
export type LineProperties = Readonly<Record<string, string>>;

export interface CartLine {
  variantId: string;
  quantity: number;
  properties?: LineProperties;
}

export interface Cart {
  lines: CartLine[];
  code: string | null;
}

export const MAX_QUANTITY = 20;

/**
 * A line's key, as Shopify's cart names a line: the variant, and for a line with properties a hash
 * of them (the same variant with other properties is another line).
 */
export function lineKey(line: Pick<CartLine, "variantId" | "properties">): string {
  const entries = Object.entries(line.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return line.variantId;
  return `${line.variantId}:${createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 32)}`;
}

/** The cart with `quantity` more of a variant with these properties (at most MAX_QUANTITY on one line). */
export function addToCart(cart: Cart, variantId: string, quantity: number, properties: LineProperties = {}): Cart {
  const added: CartLine = Object.keys(properties).length > 0 ? { variantId, quantity: Math.min(MAX_QUANTITY, quantity), properties } : { variantId, quantity: Math.min(MAX_QUANTITY, quantity) };
  const key = lineKey(added);
  const existing = cart.lines.find((line) => lineKey(line) === key);
  const lines = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity: Math.min(MAX_QUANTITY, line.quantity + quantity) } : line))
    : [...cart.lines, added];
  return { ...cart, lines };
}

/** The cart without the line of that key (lineKey; a line without properties is keyed by its variant). */
export function removeFromCart(cart: Cart, key: string): Cart {
  return { ...cart, lines: cart.lines.filter((line) => lineKey(line) !== key) };
}

const EMPTY_CART: Cart = { lines: [], code: null };

/** Carts by their cookie's id. */
export class CartStore {
  private readonly carts = new Map<string, Cart>();

  get(id: string | undefined): Cart {
    return (id && this.carts.get(id)) || EMPTY_CART;
  }

  /** Stores the cart; returns its id (a new one for a shopper without a cart yet). */
  put(id: string | undefined, cart: Cart): string {
    const key = id && this.carts.has(id) ? id : randomUUID();
    this.carts.set(key, cart);
    return key;
  }

  clear(id: string | undefined): void {
    if (id) this.carts.delete(id);
  }
}
