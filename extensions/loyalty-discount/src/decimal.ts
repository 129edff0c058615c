// Exact decimal arithmetic for the Function: the API's amounts, percentages and the presentment
// currency rate are Decimal strings, and a float would round them ("0.1" + "0.2"). A value is an
// integer count of 10^-scale units. QuickJS, which Javy compiles the Function into, has BigInt.

export interface ExactDecimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.50" → 1250 hundredths; null for anything that is not a plain decimal. */
export function parseDecimal(text: string): ExactDecimal | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = "0", fraction = ""] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

function rescale(value: ExactDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function multiply(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function compare(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const [x, y] = [rescale(a, scale), rescale(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Toward zero to `digits` fractional digits: a discount rounded this way never exceeds its bound. */
export function truncate(value: ExactDecimal, digits: number): ExactDecimal {
  if (value.scale <= digits) return value;
  return { units: value.units / 10n ** BigInt(value.scale - digits), scale: digits };
}

export function formatDecimal(value: ExactDecimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0");
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export const ZERO: ExactDecimal = { units: 0n, scale: 0 };
export const HUNDRED: ExactDecimal = { units: 100n, scale: 0 };
