import { parse as parseLosslessly } from "lossless-json";

// Shopify ids are 64-bit integers written as bare JSON numbers; JSON.parse rounds anything above
// 2^53 to a different id. Money and rates are decimals, which a double cannot hold exactly either.
// The payload is scanned once (strings are skipped whole), every number JSON.parse could change is
// put in quotes, and the engine's own JSON.parse builds the value: a third of the time of a parser
// written in JavaScript (lossless-json), which counts on every webhook and imported line. Only a
// payload that is not valid JSON goes through lossless-json, for an error that says what is wrong
// without quoting the payload (the engine's message does quote it, and it may hold customer data).

export class ShopifyJsonError extends Error {
  override readonly name = "ShopifyJsonError";
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;

const isNumberChar = (code: number) =>
  (code >= 48 && code <= 57) || code === MINUS || code === 43 || code === 46 || code === 69 || code === 101;
const isDigit = (code: number) => code >= 48 && code <= 57;

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// 15 digits never exceed 2^53 − 1; 16 may.
const ALWAYS_SAFE_DIGITS = 15;

/** The number token as JSON.parse should see it: unchanged, or quoted so that it stays text. */
function numberToken(token: string): string {
  const digits = token.charCodeAt(0) === MINUS ? token.length - 1 : token.length;
  let integer = digits > 0;
  for (let i = token.length - digits; i < token.length && integer; i++) integer = isDigit(token.charCodeAt(i));
  if (integer && (digits <= ALWAYS_SAFE_DIGITS || Number.isSafeInteger(Number(token)))) {
    // Not valid JSON ("01") is left for JSON.parse to refuse; -0 is plain 0.
    return token === "-0" ? "0" : token;
  }
  return JSON_NUMBER.test(token) ? `"${token}"` : token;
}

/** Index of the quote that closes the string opening at `start`; -1 when it is never closed. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

interface Scanned {
  /** The text with every number JSON.parse could change in quotes. */
  text: string;
  /** How many keys the text's objects have, duplicates included. */
  keys: number;
}

/** Structure is not checked here: what is not valid JSON stays invalid, for JSON.parse to refuse. */
function quoteInexactNumbers(text: string): Scanned {
  // Per open container: true for an object, false for an array.
  const inObject: boolean[] = [];
  let expectingKey = false;
  let keys = 0;
  let result = "";
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (end === -1) break;
      if (expectingKey) {
        keys++;
        expectingKey = false;
      }
      i = end + 1;
    } else if (code === MINUS || isDigit(code)) {
      let end = i + 1;
      let plainDigits = true;
      while (end < text.length) {
        const next = text.charCodeAt(end);
        if (isDigit(next)) end++;
        else if (isNumberChar(next)) {
          plainDigits = false;
          end++;
        } else break;
      }
      // Up to 15 digits always fit; only longer or other numbers (and "-0") need a closer look.
      if (!plainDigits || end - i > ALWAYS_SAFE_DIGITS || code === MINUS) {
        const token = text.slice(i, end);
        const replacement = numberToken(token);
        if (replacement !== token) {
          result += text.slice(copiedUpTo, i) + replacement;
          copiedUpTo = end;
        }
      }
      i = end;
    } else {
      if (code === OPEN_OBJECT) {
        inObject.push(true);
        expectingKey = true;
      } else if (code === OPEN_ARRAY) {
        inObject.push(false);
      } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
        inObject.pop();
      } else if (code === COMMA) {
        expectingKey = inObject[inObject.length - 1] === true;
      } else if (code === COLON) {
        expectingKey = false;
      }
      i++;
    }
  }
  return { text: copiedUpTo === 0 ? text : result + text.slice(copiedUpTo), keys };
}

/** Keys of all objects in a parsed value (without recursion: nesting has no depth limit here). */
function keyCount(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== "object") continue;
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
      continue;
    }
    for (const key in next) {
      count++;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return count;
}

/** The error for a payload found wanting; lossless-json says where and why when it can. */
function malformed(text: string, reason: string): ShopifyJsonError {
  let detail = reason;
  try {
    parseLosslessly(text);
  } catch (cause) {
    detail = cause instanceof Error ? cause.message : String(cause);
  }
  return new ShopifyJsonError(`Malformed JSON in Shopify payload: ${detail}`);
}

/**
 * Parses a Shopify webhook or API body. Integers within ±(2^53 − 1) become numbers; larger
 * integers and every number written with a fraction or exponent stay as their exact source text
 * (a string). A duplicate key is rejected rather than silently resolved.
 */
export function parseShopifyJson(text: string): unknown {
  const scanned = quoteInexactNumbers(text);
  let value: unknown;
  try {
    value = JSON.parse(scanned.text);
  } catch {
    throw malformed(text, "not valid JSON");
  }
  // JSON.parse keeps the last of duplicate keys without a word; a duplicate leaves fewer keys
  // than the text has.
  if (keyCount(value) !== scanned.keys) throw malformed(text, "a duplicate key");
  return value;
}
