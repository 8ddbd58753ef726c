/** Whether two records are likely the same commons, by their names and places. */

import { fold } from "../text.ts";

function trigrams(value: string): Set<string> {
  const padded = `  ${fold(value)} `;
  const grams = new Set<string>();
  for (let i = 0; i < padded.length - 2; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Trigram similarity of two names, 0..1, ignoring case, accents and punctuation. */
export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 0 : shared / union;
}

interface PlaceKey {
  postcode: string;
  commune: string;
}

/**
 * Whether two records are likely the same commons: nearly the same name anywhere, or a similar name at
 * the same postcode or commune.
 */
export function likelyDuplicate(
  a: { name: string; places: PlaceKey[] },
  b: { name: string; places: PlaceKey[] },
): boolean {
  const similarity = nameSimilarity(a.name, b.name);
  if (similarity >= 0.8) return true;
  const samePlace = a.places.some((p) =>
    b.places.some(
      (q) =>
        (p.postcode !== "" && p.postcode === q.postcode) ||
        (p.commune !== "" && fold(p.commune) === fold(q.commune)),
    ),
  );
  return samePlace && similarity >= 0.45;
}
