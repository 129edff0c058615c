import { foldText } from "./fold-text";

// The codes of the referral program, made from random bytes the caller draws (so they can be
// tested from given bytes). Both are read from a screen or a mail and typed in: upper case, and
// an alphabet without the look-alikes 0/O and 1/I. Its 32 characters take a byte's low five bits
// each, so every character is equally likely.

export const REFERRAL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** The advocate's code without a usable first name. */
export const NAMELESS_ADVOCATE = "FREUND";
const NAME_LENGTH = 8;
const ADVOCATE_SUFFIX_LENGTH = 4;
const FRIEND_CODE_LENGTH = 10;

function randomCharacters(randomBytes: Uint8Array, count: number): string {
  if (randomBytes.length < count) throw new Error(`A referral code needs ${count} random bytes`);
  return Array.from(randomBytes.subarray(0, count), (byte) => REFERRAL_CODE_ALPHABET[byte % REFERRAL_CODE_ALPHABET.length]).join("");
}

/**
 * The advocate's readable code, e.g. "ANNA-7K3Q": the first name in A–Z (up to 8 letters), a
 * dash, 4 random characters (4 bytes needed). Each character is folded on its own ("Jürgen" →
 * JURGEN, "Søren" → SREN), never the "ue"/"ae" pairs the comparison folding merges: "Manuel"
 * stays MANUEL.
 */
export function advocateCode(firstName: string | null, randomBytes: Uint8Array): string {
  const letters = Array.from(firstName ?? "", (character) => foldText(character))
    .join("")
    .toUpperCase()
    .replace(/[^A-Z]/g, "")
    .slice(0, NAME_LENGTH);
  return `${letters || NAMELESS_ADVOCATE}-${randomCharacters(randomBytes, ADVOCATE_SUFFIX_LENGTH)}`;
}

/** A friend's single-use discount code: "<prefix>-" and 10 random characters (10 bytes needed, 50 bits). */
export function friendCode(prefix: string, randomBytes: Uint8Array): string {
  return `${prefix}-${randomCharacters(randomBytes, FRIEND_CODE_LENGTH)}`;
}

/** A code as typed or linked ("anna-7k3q ") in the form it is stored. */
export function normalizeReferralCode(raw: string): string {
  return raw.trim().toUpperCase();
}
