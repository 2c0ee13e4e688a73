/**
 * "Did you mean": the names closest to a misspelt one by edit distance. Hand-written rather than
 * `fastest-levenshtein`: that package counts a swap of two neighbouring letters (`GetObjcet`) as two
 * edits, and the candidate lists here are small (at most a service's few hundred actions), so the
 * restricted Damerau distance below, with an early exit past the threshold, is both better and fast.
 */

/**
 * Edit distance between two words, case-insensitive: insertions, deletions, substitutions and swaps
 * of two neighbouring characters each count one. When `limit` is given, any distance above it may be
 * returned as `limit + 1` (the computation stops early). Empty strings are fine.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  return lowerDistance(a.toLowerCase(), b.toLowerCase(), limit);
}

/** editDistance of two words already in lower case (closest lower-cases its word once, not per candidate). */
function lowerDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows of the dynamic-programming table: two back for swaps, one back, current.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/**
 * The candidates closest to a misspelt word, alphabetical, at most `max`: those at the smallest
 * distance found, if it is within a third of the word's length in edits (at least 1, at most 4), so
 * that `StringEqual` finds `StringEquals` but `Foo` finds nothing, and `aws:usernam` finds
 * `aws:username` without the farther `aws:userid`. An empty word or no candidate near enough gives none.
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  if (word.length === 0) return [];
  const limit = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const lower = word.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const distance = lowerDistance(lower, c.toLowerCase(), limit);
    if (distance <= limit) scored.push([c, distance]);
  }
  const best = Math.min(...scored.map(([, d]) => d));
  return scored.filter(([, d]) => d === best).map(([c]) => c).sort().slice(0, max);
}
