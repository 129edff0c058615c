import { foldedWords } from "./fold-text";

// Whether the friend's name is the advocate's, written a little differently: "Jürgen Müller",
// "Juergen Mueller", "Müller, Jürgen", "Jurgen Muller", "Jürgen Müler".
//
// Names are folded (./fold-text.ts), titles dropped, and compared in the written order, with the
// words reversed ("Müller Jürgen") and sorted, so the order of first and last name does not count.
// The measure is the optimal-string-alignment form of the Damerau-Levenshtein distance: the number
// of typed letters that differ (missing, extra, wrong, or two swapped). It was chosen over
// Jaro-Winkler because a merchant can check it ("one letter differs"), and because Jaro-Winkler
// rates names that share a first name and the start of a last name highly ("Anna Schmidt" and
// "Anna Schmitz" score 0.97), which are two families, not one person. Allowed edits grow with the
// length of the shorter name: none up to 6 letters, one up to 12, two beyond, so short names must
// match exactly. A name of one word ("Anna") says too little to compare and gives no result.

const TITLES = new Set(["dr", "prof", "herr", "frau", "mr", "mrs", "ms", "miss", "dipl", "ing"]);

export interface NameComparison {
  similar: boolean;
  /** Letters that differ between the closest orderings of the two names. */
  edits: number;
}

function nameWords(name: string): string[] {
  return foldedWords(name).filter((word) => !TITLES.has(word));
}

/** The edits allowed between two names whose shorter one has this many letters. */
export function allowedEdits(letters: number): number {
  if (letters <= 6) return 0;
  return letters <= 12 ? 1 : 2;
}

/** Optimal string alignment distance (Damerau-Levenshtein where no substring is edited twice). */
export function editDistance(a: string, b: string): number {
  // Three rows: the current, the previous, and the one before it (for transpositions).
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

function orderings(words: readonly string[]): string[] {
  return [words.join(" "), [...words].reverse().join(" "), [...words].sort().join(" ")];
}

/** How close two people's names are; null when either has fewer than two words. */
export function compareNames(a: string | null, b: string | null): NameComparison | null {
  const wordsA = nameWords(a ?? "");
  const wordsB = nameWords(b ?? "");
  if (wordsA.length < 2 || wordsB.length < 2) return null;
  const candidatesB = orderings(wordsB);
  const edits = Math.min(...orderings(wordsA).flatMap((nameA) => candidatesB.map((nameB) => editDistance(nameA, nameB))));
  const letters = Math.min(wordsA.join("").length, wordsB.join("").length);
  return { similar: edits <= allowedEdits(letters), edits };
}
