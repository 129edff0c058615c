import { parse } from "lossless-json";

// Shopify ids are 64-bit integers written as bare JSON numbers; JSON.parse rounds anything above
// 2^53 to a different id. Money and rates are decimals, which a double cannot hold exactly either.

const INTEGER_LITERAL = /^-?\d+$/;

export class ShopifyJsonError extends Error {
  override readonly name = "ShopifyJsonError";
}

function parseNumber(text: string): number | string {
  if (INTEGER_LITERAL.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  }
  return text;
}

/**
 * Parses a Shopify webhook or API body. Integers within ±(2^53 − 1) become numbers; larger
 * integers and every number written with a fraction or exponent stay as their exact source text
 * (a string). Duplicate keys with different values are rejected rather than silently resolved.
 */
export function parseShopifyJson(text: string): unknown {
  try {
    return parse(text, null, parseNumber);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    // The body itself is not quoted: it may hold customer data.
    throw new ShopifyJsonError(`Malformed JSON in Shopify payload: ${detail}`, { cause });
  }
}
