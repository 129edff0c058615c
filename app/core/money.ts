// Exact conversions between decimal money strings and integer minor units. Amounts never pass
// through floating point: platforms send decimal strings, and a float would silently round them.

const CURRENCY_CODE = /^[A-Z]{3}$/;
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

const exponentCache = new Map<string, number>();

function assertCurrency(currency: string): void {
  if (!CURRENCY_CODE.test(currency)) {
    throw new Error(
      `Invalid currency code ${JSON.stringify(currency)}: expected three uppercase letters (ISO 4217)`,
    );
  }
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  assertCurrency(currency);
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  let exponent: number | undefined;
  try {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits;
  } catch (cause) {
    throw new Error(`Unsupported currency code ${JSON.stringify(currency)}`, { cause });
  }
  // The lib typings declare the field optional; for style "currency" the engine always sets it.
  if (exponent === undefined || !Number.isInteger(exponent) || exponent < 0) {
    throw new Error(`Could not determine the minor-unit exponent of ${currency}`);
  }
  exponentCache.set(currency, exponent);
  return exponent;
}

/**
 * "12.50" EUR → 1250n. Accepts an optional leading "-", digits, and an optional fraction. More
 * fractional digits than the currency has are accepted only when the extra digits are zeros
 * ("12.500" EUR), because anything else would need rounding, which is never silent here.
 */
export function decimalToMinor(decimal: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(decimal);
  if (!match) {
    throw new Error(`Invalid decimal amount ${JSON.stringify(decimal)} for ${currency}`);
  }
  const [, sign, whole = "", fraction = ""] = match;
  const kept = fraction.slice(0, exponent);
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) {
    throw new Error(
      `Amount ${JSON.stringify(decimal)} has more than ${exponent} fractional digit(s), the precision of ${currency}`,
    );
  }
  const magnitude = BigInt(whole + kept.padEnd(exponent, "0"));
  return sign === "-" ? -magnitude : magnitude;
}

/** 1250n EUR → "12.50"; -5n EUR → "-0.05"; 500n JPY → "500". */
export function minorToDecimal(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (exponent === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(exponent + 1, "0");
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** BigInt money to a JSON number for the admin's pages. Exact below 2^53 minor units (9e13 EUR), far above any order. */
export function minorToNumber(minor: bigint): number {
  const value = Number(minor);
  if (!Number.isSafeInteger(value)) throw new RangeError(`Amount ${minor} exceeds the safe integer range`);
  return value;
}
