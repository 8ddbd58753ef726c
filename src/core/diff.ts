/** Diffs between two texts, as the pages that compare versions show them (social code, wiki pages). */
import { diffLines, diffWordsWithSpace } from "diff";

/** One part of a diff: unchanged, added or removed text. */
export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/**
 * A diff as the page shows it: unchanged lines as they are, and each changed passage word by word (what
 * was removed and what was added, side by side in the flow of the text).
 */
export type DiffBlock = { kind: "same"; text: string } | { kind: "changed"; parts: DiffPart[] };

export function textDiff(before: string, after: string): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  const changes = diffLines(before, after);
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i];
    if (!change) continue;
    if (!change.added && !change.removed) {
      blocks.push({ kind: "same", text: change.value });
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      // A passage rewritten: the words that changed, within it.
      blocks.push({
        kind: "changed",
        parts: diffWordsWithSpace(change.value, next.value).map((p) => ({
          kind: p.added ? "added" : p.removed ? "removed" : "same",
          text: p.value,
        })),
      });
      i += 1;
    } else
      blocks.push({
        kind: "changed",
        parts: [{ kind: change.added ? "added" : "removed", text: change.value }],
      });
  }
  return blocks;
}
