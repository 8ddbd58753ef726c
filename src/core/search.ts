/**
 * The words full-text search compares: folded (lower case, no accents) then reduced to their French
 * stem, so that "jardins" finds "Jardin" and "reparer" finds "réparation". The stored search columns
 * and the words of a query go through the same function, on both databases.
 */
import snowball from "snowball-stemmers";
import { fold } from "./text.ts";

const french = snowball.newStemmer("french");

// Snowball keeps a plural "s" after a vowel ("velos"); both sides drop it first, so "vélos" finds "vélo".
const PLURAL = /(?<=\p{L}{3})[sx]$/u;

/** The stems of a text's words, in order, duplicates kept (ranking counts them). */
export function stems(text: string): string[] {
  return fold(text)
    .split(" ")
    .filter((word) => word !== "")
    .map((word) => (/^\p{N}+$/u.test(word) ? word : french.stem(word.replace(PLURAL, ""))));
}

/** A text as the search columns store it: its stems, space separated. */
export function stemmed(text: string): string {
  return stems(text).join(" ");
}
