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

/**
 * Word edits past which a passage is shown as rewritten (all removed, then all added): the word diff's
 * cost grows with the number of edits, and a passage changed that much reads better whole.
 */
const MAX_WORD_EDITS = 100;

/** The words that changed within a rewritten passage, or the passage removed then added. */
function passageDiff(removed: string, added: string): DiffPart[] {
  const words = diffWordsWithSpace(removed, added, { maxEditLength: MAX_WORD_EDITS });
  if (!words)
    return [
      { kind: "removed", text: removed },
      { kind: "added", text: added },
    ];
  return words.map((p) => ({ kind: p.added ? "added" : p.removed ? "removed" : "same", text: p.value }));
}

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
      blocks.push({ kind: "changed", parts: passageDiff(change.value, next.value) });
      i += 1;
    } else
      blocks.push({
        kind: "changed",
        parts: [{ kind: change.added ? "added" : "removed", text: change.value }],
      });
  }
  return blocks;
}
