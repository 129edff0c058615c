// Time decay without rewriting the state on every order.
//
// An order placed at time t, seen at time now, counts 2^−(now − t)/h (h: the half-life). Summing
// that directly would mean multiplying every stored weight by a factor whenever time passes. Instead
// each order is stored with the weight 2^(t − t0)/h against a fixed reference time t0; the sum S of
// those weights, seen at time now, is S · 2^(t0 − now)/h. Every stored sum shares that one factor,
// so adding an order touches only its own entries, and support, confidence, lift and bestseller
// ranks — all ratios of stored sums — do not depend on t0 or now at all. Only absolute figures
// (the minimum support, "bought together in 4.2 orders") need the factor.
//
// The catch is the floating-point range: 2^(t − t0)/h overflows a double at 1024 half-lives past t0
// (with a one-day half-life, under three years). So t0 moves forward when an order's exponent
// passes MAX_EXPONENT, and every stored sum is multiplied by 2^−shift. The shift is a whole number
// of half-lives, so that multiplication is exact (a power of two only changes the exponent), and the
// state after a rebase is what it would have been had t0 been chosen there from the start.
// MAX_EXPONENT = 512 leaves room for 2^500 orders at the largest weight before a sum overflows. Old
// orders far before t0 underflow to weight 0 — after more than a thousand half-lives they have
// decayed to nothing anyway, and their order counts (kept exactly beside the weights) still let the
// service remove them cleanly.

export const MAX_EXPONENT = 512;

/** An order's stored weight against the reference time; 1 for an order placed at the reference. */
export function orderWeight(atMs: number, referenceMs: number, halfLifeMs: number): number {
  return 2 ** ((atMs - referenceMs) / halfLifeMs);
}

/** Multiplies a stored sum into its value as of `nowMs`: orders placed at `nowMs` count 1. */
export function decayFactor(referenceMs: number, nowMs: number, halfLifeMs: number): number {
  return 2 ** ((referenceMs - nowMs) / halfLifeMs);
}

/**
 * Whole half-lives the reference time must move forward before an order at `atMs` is added; 0 when
 * its weight fits. After a shift of n, every stored sum is multiplied by 2^−n and the reference is
 * `referenceMs + n · halfLifeMs` (./co-occurrence.ts rebase).
 */
export function rebaseShift(atMs: number, referenceMs: number, halfLifeMs: number): number {
  const exponent = (atMs - referenceMs) / halfLifeMs;
  return exponent > MAX_EXPONENT ? Math.floor(exponent) : 0;
}
