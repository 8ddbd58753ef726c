import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type DiffBlock, textDiff } from "./diff.ts";

/** The text before (`removed` and `same`) or after (`added` and `same`) a diff. */
function side(blocks: DiffBlock[], kept: "removed" | "added"): string {
  return blocks
    .map((block) =>
      block.kind === "same"
        ? block.text
        : block.parts
            .filter((part) => part.kind === "same" || part.kind === kept)
            .map((part) => part.text)
            .join(""),
    )
    .join("");
}

describe("textDiff", () => {
  it("shows the words that changed within a line", () => {
    const blocks = textDiff("Un atelier le mardi.\nFin.\n", "Un atelier le jeudi.\nFin.\n");
    assert.deepEqual(blocks, [
      {
        kind: "changed",
        parts: [
          { kind: "same", text: "Un atelier le " },
          { kind: "removed", text: "mardi" },
          { kind: "added", text: "jeudi" },
          { kind: "same", text: ".\n" },
        ],
      },
      { kind: "same", text: "Fin.\n" },
    ]);
  });

  it("shows a passage rewritten through and through as removed, then added", () => {
    const before = `${Array.from({ length: 300 }, (_, i) => `mot${i}`).join(" ")}\n`;
    const after = `${Array.from({ length: 300 }, (_, i) => `autre${i}`).join(" ")}\n`;
    assert.deepEqual(textDiff(before, after), [
      {
        kind: "changed",
        parts: [
          { kind: "removed", text: before },
          { kind: "added", text: after },
        ],
      },
    ]);
  });

  it("keeps both texts whole, whatever they are", () => {
    const text = fc
      .array(fc.constantFrom("a", "b", " ", "\n", "é", "mot "), { maxLength: 400 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const blocks = textDiff(before, after);
        assert.equal(side(blocks, "removed"), before);
        assert.equal(side(blocks, "added"), after);
      }),
    );
  });
});
