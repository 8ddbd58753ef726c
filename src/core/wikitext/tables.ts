/** Wikitext tables (`{| … |}`) read into rows of cells, written as Markdown tables. */

import { type InlineContext, inline, placeMarks } from "./inline.ts";

interface TableCell {
  header: boolean;
  lines: string[];
}

export function tableEnd(lines: readonly string[], from: number): number {
  let depth = 0;
  for (let k = from; k < lines.length; k++) {
    const line = (lines[k] ?? "").trim();
    if (line.startsWith("{|")) depth++;
    else if (line.startsWith("|}")) depth--;
    if (depth === 0) return k;
  }
  return lines.length - 1;
}

/** Splits on a separator outside `[[…]]`. */
function splitOutsideLinks(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("[[", i)) {
      depth++;
      i++;
      continue;
    }
    if (text.startsWith("]]", i)) {
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    separator.lastIndex = i;
    const found = depth === 0 ? separator.exec(text) : null;
    if (found && found.index === i) {
      parts.push(text.slice(start, i));
      start = i + found[0].length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A cell's content without its attributes (`style="…" | content`), and whether they span. */
function cellContent(cell: string): { text: string; spans: boolean } {
  const parts = splitOutsideLinks(cell, /\|(?!\|)/y);
  if (parts.length < 2) return { text: cell, spans: false };
  const attributes = parts[0] ?? "";
  return { text: parts.slice(1).join("|"), spans: /\b(rowspan|colspan)\s*=/i.test(attributes) };
}

export function parseTable(lines: readonly string[]): {
  caption: string;
  rows: TableCell[][];
  complex: boolean;
} {
  const rows: TableCell[][] = [[]];
  const row = () => rows.at(-1) as TableCell[];
  let caption = "";
  let complex = false;
  let inCaption = false;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line.startsWith("|}")) break;
    if (line.startsWith("{|")) complex = true;
    else if (line.startsWith("|+")) {
      caption = cellContent(line.slice(2)).text.trim();
      inCaption = true;
    } else if (line.startsWith("|-")) {
      rows.push([]);
      inCaption = false;
    } else if (line.startsWith("!") || line.startsWith("|")) {
      const header = line.startsWith("!");
      for (const cell of splitOutsideLinks(line.slice(1), header ? /\|\||!!/y : /\|\|/y)) {
        const content = cellContent(cell);
        complex ||= content.spans;
        row().push({ header, lines: [content.text.trim()] });
      }
      inCaption = false;
    } else if (line !== "") {
      complex ||= /^[*#:;]/.test(line);
      const cell = row().at(-1);
      if (cell) cell.lines.push(line);
      else if (inCaption) caption += ` ${line}`;
      else row().push({ header: false, lines: [line] });
    }
  }
  return { caption, rows: rows.filter((r) => r.length > 0), complex };
}

export function markdownTable(rows: TableCell[][], context: InlineContext): string {
  const width = Math.max(...rows.map((r) => r.length));
  const text = (cell: TableCell | undefined, bold: boolean) => {
    const content = cell ? inline(cell.lines.join(" ").trim(), context).replace(/\n/g, " ").trim() : "";
    return bold && content !== "" ? placeMarks(`\uE011${content}\uE012`) : content;
  };
  const first = rows[0] as TableCell[];
  const hasHeader = first.every((cell) => cell.header);
  const body = hasHeader ? rows.slice(1) : rows;
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const columns = Array.from({ length: width }, (_, k) => k);
  return [
    line(columns.map((k) => (hasHeader ? text(first[k], false) : ""))),
    line(columns.map(() => "---")),
    ...body.map((row) => line(columns.map((k) => text(row[k], row[k]?.header === true)))),
  ].join("\n");
}
