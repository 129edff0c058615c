import { decimalToMinor } from "~/core/money";

import { joinPath, PayloadFieldError } from "./errors";
import type { ShopifyMoneySet } from "./payloads";

// Reading Shopify amounts as shop-currency minor units. The `*_set` object is preferred because it
// names its currency; the plain decimal field is only trusted (in the record's currency) when the
// set is absent, as in older API versions and trimmed `include_fields` payloads.

export function toMinor(path: string, amount: string, currency: string): bigint {
  try {
    return decimalToMinor(amount, currency);
  } catch (error) {
    throw new PayloadFieldError(path, error instanceof Error ? error.message : String(error));
  }
}

export interface AmountField {
  /** Path of the object holding the field ("" for the payload root). */
  parentPath: string;
  /** Name of the plain field; the set is `${field}_set`. */
  field: string;
  set: ShopifyMoneySet | null | undefined;
  plain: string | null | undefined;
  /** The shop currency every amount of the record must be in. */
  currency: string;
}

/** The amount in shop-currency minor units, or undefined when the payload has neither form. */
export function optionalShopMinor(amount: AmountField): bigint | undefined {
  const { parentPath, field, set, plain, currency } = amount;
  if (set) {
    const setPath = joinPath(parentPath, `${field}_set.shop_money`);
    if (set.shop_money.currency_code !== currency) {
      throw new PayloadFieldError(
        joinPath(setPath, "currency_code"),
        `is ${set.shop_money.currency_code}, but the record's shop currency is ${currency}`,
      );
    }
    return toMinor(joinPath(setPath, "amount"), set.shop_money.amount, currency);
  }
  if (plain !== null && plain !== undefined) {
    return toMinor(joinPath(parentPath, field), plain, currency);
  }
  return undefined;
}

export function requiredShopMinor(amount: AmountField): bigint {
  const minor = optionalShopMinor(amount);
  if (minor === undefined) {
    throw new PayloadFieldError(
      joinPath(amount.parentPath, `${amount.field}_set`),
      `is required (or the plain "${amount.field}" field)`,
    );
  }
  return minor;
}

/** Rounds amount × numerator / denominator to the nearest integer, halves away from zero. */
export function scaleMinor(amount: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("scaleMinor: zero denominator");
  const product = amount * numerator;
  const negative = product < 0n !== denominator < 0n;
  const p = product < 0n ? -product : product;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * p + d) / (2n * d);
  return negative ? -rounded : rounded;
}
