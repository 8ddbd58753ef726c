/** Blocks of a page as Markdown: headings, lists, tables, paragraphs. */

import { escapeLineStart, type InlineContext, inline, placeMarks } from "./inline.ts";
import type { PageText } from "./page-text.ts";
import { markdownTable, parseTable, tableEnd } from "./tables.ts";

interface Block {
  kind: "paragraph" | "list" | "single";
  lines: string[];
}

const LIST_WIDTH: Record<string, number> = { "*": 2, "#": 3, ";": 2, ":": 2 };

export class MarkdownWriter {
  private readonly blocks: Block[] = [];
  private current: Block | null = null;

  constructor(
    private readonly page: PageText,
    private readonly context: InlineContext,
  ) {}

  private line(kind: "paragraph" | "list", text: string): void {
    if (this.current?.kind !== kind) {
      this.current = { kind, lines: [] };
      this.blocks.push(this.current);
    }
    this.current.lines.push(text);
  }

  private single(text: string): void {
    if (text.trim() === "") return;
    this.blocks.push({ kind: "single", lines: [text] });
    this.current = null;
  }

  write(flat: string): string {
    const lines = flat.split("\n");
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k] ?? "";
      if (/^\s*\{\|/.test(line)) {
        const end = tableEnd(lines, k);
        this.table(lines.slice(k, end + 1));
        k = end;
      } else this.lineOf(line);
    }
    if (!this.page.referencesPlaced && this.page.notes.length > 0)
      this.single(this.page.noteList(this.context));
    return this.blocks
      .map((block) => block.lines.join("\n"))
      .filter((text) => text.trim() !== "")
      .join("\n\n");
  }

  /** Headings, lists and rules start at the line's first column; a line led by spaces is text. */
  private lineOf(raw: string): void {
    const line = raw.trimEnd();
    const slot = /^\s*\uE000(\d+)\uE001$/.exec(line);
    if (line.trim() === "") this.current = null;
    else if (slot) this.blockSlot(Number(slot[1]));
    else if (/^=+[^=].*=$|^==+$/.test(line) && line.length > 2) this.heading(line);
    else if (/^----/.test(line)) {
      this.single("---");
      this.paragraph(line.replace(/^-+/, ""));
    } else if (/^[*#:;]/.test(line)) this.listItem(line);
    else this.paragraph(line.trim());
  }

  private paragraph(text: string): void {
    const rendered = inline(text, this.context);
    if (rendered.trim() === "") return;
    for (const part of rendered.split("\n")) this.line("paragraph", escapeLineStart(part.trim()));
  }

  private blockSlot(index: number): void {
    const slot = this.page.slots[index];
    if (slot?.kind === "references") {
      this.page.referencesPlaced = true;
      if (this.page.notes.length > 0) this.single(this.page.noteList(this.context));
    } else if (slot?.kind === "block") {
      const fence = slot.text.includes("```") ? "~~~~" : "```";
      this.single(`${fence}\n${slot.text}\n${fence}`);
    } else this.paragraph(`\uE000${index}\uE001`);
  }

  private heading(line: string): void {
    const sides = Math.min(/^=+/.exec(line)?.[0].length ?? 1, /=+$/.exec(line)?.[0].length ?? 1);
    const level = Math.min(sides, Math.floor((line.length - 1) / 2), 6);
    const text = inline(line.slice(level, line.length - level).trim(), { ...this.context, cell: true });
    if (text.trim() === "") return;
    this.single(
      `${"#".repeat(level)} ${text.replace(/\s(#+)$/, (_, hashes: string) => ` ${"\\#".repeat(hashes.length)}`)}`,
    );
  }

  private listItem(line: string): void {
    const prefix = /^[*#:;]+/.exec(line)?.[0] ?? "";
    let content = line.slice(prefix.length).trim();
    const last = prefix.at(-1) ?? "*";
    if (/^:+$/.test(prefix)) {
      const text = escapeLineStart(inline(content, { ...this.context, cell: true }));
      if (text.trim() !== "") this.single(`${"> ".repeat(prefix.length)}${text}`);
      return;
    }
    let definition = "";
    if (last === ";") {
      const colon = termColon(content);
      if (colon >= 0) {
        definition = content.slice(colon + 1).trim();
        content = content.slice(0, colon).trim();
      }
    }
    const indent = [...prefix.slice(0, -1)].reduce((width, c) => width + (LIST_WIDTH[c] ?? 2), 0);
    const text = escapeLineStart(inline(content, { ...this.context, cell: true }));
    const marker = last === "#" ? "1. " : last === ":" ? "" : "- ";
    const body =
      last === ";"
        ? `\uE011${text}\uE012${definition ? ` : ${inline(definition, { ...this.context, cell: true })}` : ""}`
        : text;
    this.line("list", `${" ".repeat(indent)}${marker}${placeMarks(body)}`);
  }

  private table(lines: string[]): void {
    this.current = null;
    const table = parseTable(lines);
    const cellContext = { ...this.context, cell: true };
    if (table.caption) this.single(`**${inline(table.caption, cellContext).trim()}**`);
    if (table.rows.length === 0) return;
    if (table.complex) {
      for (const row of table.rows) {
        const cells = row
          .map((cell) => inline(cell.lines.join(" ").trim(), cellContext))
          .filter((c) => c !== "");
        if (cells.length > 0) this.line("list", `- ${escapeLineStart(cells.join(" — "))}`);
      }
      this.current = null;
      return;
    }
    this.single(markdownTable(table.rows, cellContext));
  }
}

function termColon(content: string): number {
  let depth = 0;
  for (let i = 0; i < content.length; i++) {
    if (content.startsWith("[[", i)) depth++;
    else if (content.startsWith("]]", i)) depth--;
    else if (content[i] === ":" && depth === 0 && !content.startsWith("//", i + 1)) return i;
  }
  return -1;
}
