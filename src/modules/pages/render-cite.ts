/**
 * Cite's `<ref>` and `<references/>`, as hooks of wikiparser-node (which leaves them out): numbered
 * notes, named notes reused (even before their definition), groups, and a list at `<references/>` or,
 * when the page has none, at its end.
 */
import { anchorOf } from "./anchors.ts";

export interface Note {
  number: number;
  key: string;
  html: string;
  uses: string[];
}

export class Citations {
  private readonly groups = new Map<string, { notes: Note[]; byName: Map<string, Note>; listed: number }>();

  private group(name: string) {
    let group = this.groups.get(name);
    if (!group) {
      group = { notes: [], byName: new Map(), listed: 0 };
      this.groups.set(name, group);
    }
    return group;
  }

  /** The call mark of a `<ref>`: its note is created, or found by name and completed. */
  ref(groupName: string, name: string | null, html: string): string {
    const group = this.group(groupName);
    let note = name === null ? undefined : group.byName.get(name);
    if (!note) {
      const number = group.notes.length + 1;
      const prefix = groupName === "" ? "" : `${anchorOf(groupName)}-`;
      const key = escapeHtml(name === null ? `${prefix}${number}` : `${prefix}${anchorOf(name)}-${number}`);
      note = { number, key, html: "", uses: [] };
      group.notes.push(note);
      if (name !== null) group.byName.set(name, note);
    }
    if (html.trim() !== "" && note.html === "") note.html = html.trim();
    const use = name === null ? `cite_ref-${note.key}` : `cite_ref-${note.key}_${note.uses.length}`;
    note.uses.push(use);
    const label = groupName === "" ? String(note.number) : `${escapeHtml(groupName)} ${note.number}`;
    return `<sup id="${use}" class="reference"><a href="#cite_note-${note.key}">[${label}]</a></sup>`;
  }

  /** The list of the notes of a group not listed yet. */
  references(groupName: string): string {
    const group = this.group(groupName);
    const notes = group.notes.slice(group.listed);
    group.listed = group.notes.length;
    if (notes.length === 0) return "";
    const items = notes.map((note) => {
      const back =
        note.uses.length === 1
          ? `<a href="#${note.uses[0]}">↑</a>`
          : `↑ ${note.uses.map((use, i) => `<sup><a href="#${use}">${i + 1}</a></sup>`).join(" ")}`;
      return `<li id="cite_note-${note.key}"><span class="mw-cite-backlink">${back}</span> <span class="reference-text">${note.html}</span></li>`;
    });
    return `<div class="mw-references-wrap"><ol class="references">${items.join("")}</ol></div>`;
  }

  /** The lists of groups with notes after the last `<references/>` (MediaWiki adds them at the end). */
  rest(): string {
    return [...this.groups.keys()].map((name) => this.references(name)).join("");
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
