// Text folded for comparison only, never for display: people write the same name or street with
// and without umlauts ("Müller", "Mueller", "Muller"), with "ß" or "ss", with accents or without.
// Lower case; compatibility forms (full-width letters, ligatures) to their plain letters; "ß" to
// "ss"; umlauts and their "ae/oe/ue" transcriptions both to the bare vowel; other accents dropped.
// Folding "ue" in words like "Manuel" too is harmless: both sides of a comparison fold the same way.

const UMLAUT_TRANSCRIPTION = /([aou])e+/g;

export function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replaceAll("ß", "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(UMLAUT_TRANSCRIPTION, "$1");
}

/** The folded words of a text: runs of letters and digits. */
export function foldedWords(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
