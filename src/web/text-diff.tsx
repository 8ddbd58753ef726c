import { diffLines } from "diff";
import type { PageContext } from "./page.ts";

// What changed between two versions of a text, line by line: added lines marked « + » inside <ins>,
// removed ones « − » inside <del>, so that the change reads without colour (and aloud).

type Line = { kind: "added" | "removed" | "same"; text: string } | { kind: "skipped"; count: number };

/** Unchanged lines kept around each change; longer runs of unchanged lines are folded. */
const CONTEXT = 2;

export function diffOf(before: string, after: string): { lines: Line[]; added: number; removed: number } {
  const lines: Line[] = [];
  let added = 0;
  let removed = 0;
  for (const change of diffLines(before, after)) {
    const texts = change.value.replace(/\n$/, "").split("\n");
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    if (kind === "added") added += texts.length;
    if (kind === "removed") removed += texts.length;
    for (const text of texts) lines.push({ kind, text });
  }
  return { lines: fold(lines), added, removed };
}

/** Runs of unchanged lines far from any change become one « n lignes inchangées ». */
function fold(lines: Line[]): Line[] {
  const near = lines.map((_, i) =>
    lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== "same"),
  );
  const folded: Line[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.kind !== "same" || near[i]) {
      folded.push(line);
      continue;
    }
    const last = folded.at(-1);
    if (last?.kind === "skipped") last.count += 1;
    else folded.push({ kind: "skipped", count: 1 });
  }
  return folded;
}

export function TextDiff({ ctx, before, after }: { ctx: PageContext; before: string; after: string }) {
  const { t } = ctx;
  const { lines, added, removed } = diffOf(before, after);
  if (added === 0 && removed === 0) return <p class="empty">{t("decisions.diffNone")}</p>;
  return (
    <>
      <p>{t("decisions.diffSummary", { added, removed })}</p>
      <div class="diff">
        {lines.map((line, i) => {
          // Lines have no identity but their place.
          const key = i;
          if (line.kind === "skipped")
            return (
              <p key={key} class="diff-line diff-skipped">
                {t("decisions.diffSkipped", { count: line.count })}
              </p>
            );
          if (line.kind === "same")
            return (
              <p key={key} class="diff-line">
                <span class="diff-marker" aria-hidden="true">
                  {" "}
                </span>
                {line.text}
              </p>
            );
          const Tag = line.kind === "added" ? "ins" : "del";
          return (
            <p key={key} class={`diff-line diff-${line.kind}`}>
              <span class="diff-marker" aria-hidden="true">
                {line.kind === "added" ? "+" : "−"}
              </span>
              <Tag>
                <span class="visually-hidden">{t(`decisions.diff.${line.kind}`)} </span>
                {line.text}
              </Tag>
            </p>
          );
        })}
      </div>
    </>
  );
}
