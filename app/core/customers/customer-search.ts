import { normalizeEmail } from "./email";
import { phoneSearchDigits } from "./phone-search";

// What one search box query asks of the lists. A customer matches when every word occurs in their
// name, e-mail or city, or the query is their phone number, or the number of one of their orders;
// an order matches by its number or by its customer.

// Bounds the cost of one search: more words than this are ignored.
const MAX_SEARCH_WORDS = 6;
/**
 * Trigram indexes find a word of three characters or more; a search of only shorter words would
 * read the whole index on a large shop, so it is refused with a message instead.
 */
const MIN_INDEXED_WORD_LENGTH = 3;
// Shopify order numbers are positive integers; the column is a 32-bit integer.
const ORDER_NUMBER = /^#?(\d{1,9})$/;

export interface SearchPlan {
  /** Lower-cased words, each to be contained in the customer's name, e-mail or city. */
  words: string[];
  /** Digits a stored phone must contain (see phone-search.ts), or null. */
  phoneDigits: string | null;
  /** "#1042" or "1042": the order number asked for, or null. */
  orderNumber: number | null;
  /**
   * A whole e-mail address, normalized as customers' are stored: found by its own index at once,
   * where a trigram search for it would read the long lists of trigrams every address shares.
   */
  email: string | null;
}

/**
 * Whitespace-separated words. Control characters separate words too: no stored name holds one,
 * and PostgreSQL refuses a NUL in any text it is given.
 */
function searchWords(query: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return query.replace(/[\u0000-\u001f\u007f]/g, " ").trim().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/** The plan for a query, or null when there is nothing to search for. */
export function searchPlan(query: string): SearchPlan | null {
  const words = searchWords(query);
  if (words.length === 0) return null;
  const orderMatch = words.length === 1 ? ORDER_NUMBER.exec(words[0]!) : null;
  return {
    words: words.map((word) => word.toLowerCase()),
    phoneDigits: phoneSearchDigits(words.join(" ")),
    orderNumber: orderMatch?.[1] ? Number(orderMatch[1]) : null,
    email: words.length === 1 ? normalizeEmail(words[0]) : null,
  };
}

/** True when the words alone could not use the index: every one is shorter than three characters. */
export function wordsTooShort(plan: SearchPlan): boolean {
  return plan.words.every((word) => word.length < MIN_INDEXED_WORD_LENGTH);
}

/** A word inside LIKE '%…%': "%", "_" and "\" typed by a merchant are meant literally. */
export function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
