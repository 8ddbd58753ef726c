/**
 * JSON files read as a stream of items (a FeatureCollection's features, a list's elements), so that a
 * large file never sits whole in memory.
 */
import { pipeline, type Readable } from "node:stream";
import Assembler from "stream-json/assembler.js";
import parser, { type Token } from "stream-json/parser.js";
import { ImportFileError, type ImportMessage } from "./types.ts";
import { isObject } from "./values.ts";

// ----------------------------------------------------------------------------------------------- JSON

/** One item of a JSON file: its value, its position (from 0), and whether it is the whole document. */
export interface JsonItem {
  value: unknown;
  index: number;
  root: boolean;
}

const JSON_INVALID: ImportMessage = { key: "import.jsonInvalid" };

/** The parser's tokens; a parse error becomes ImportFileError, an error of the input itself passes. */
async function* tokensOf(input: Readable): AsyncGenerator<Token> {
  const tokens = parser.asStream({ streamValues: false });
  let inputError: unknown = null;
  input.once("error", (error) => {
    inputError = error;
  });
  pipeline(input, tokens, () => {});
  try {
    for await (const token of tokens) yield token as Token;
  } catch {
    if (inputError) throw inputError;
    throw new ImportFileError(JSON_INVALID);
  }
}

/**
 * Streams the items of a JSON document, one assembled value at a time so that memory stays flat: the
 * elements of a top-level array, or of the first array found under one of `keys` in a top-level object
 * ("features", "@graph", "data"), or else the top-level object itself (`root: true`).
 */
export async function* jsonItems(input: Readable, keys: readonly string[]): AsyncGenerator<JsonItem> {
  const envelope = new Assembler();
  let item = new Assembler();
  let depth = 0;
  let itemsDepth: number | null = null;
  let itemsSeen = false;
  let key: string | null = null;
  let index = 0;
  for await (const token of tokensOf(input)) {
    const opens = token.name === "startObject" || token.name === "startArray";
    if (depth === 0 && !opens) throw new ImportFileError({ key: "import.jsonNotCollection" });
    if (token.name === "endObject" || token.name === "endArray") depth--;
    if (itemsDepth !== null && depth >= itemsDepth) {
      item.consume(token);
      if (item.done) {
        yield { value: item.current, index: index++, root: false };
        item = new Assembler();
      }
    } else {
      if (itemsDepth !== null && depth === itemsDepth - 1) itemsDepth = null;
      else if (
        token.name === "startArray" &&
        !itemsSeen &&
        (depth === 0 || (depth === 1 && keys.includes(key ?? "")))
      ) {
        itemsDepth = depth + 1;
        itemsSeen = true;
      }
      if (token.name === "keyValue" && depth === 1) key = token.value;
      envelope.consume(token);
    }
    if (opens) depth++;
  }
  if (!itemsSeen && isObject(envelope.current)) yield { value: envelope.current, index: 0, root: true };
}

/** Where an item of a JSON file is, for the import report. */
export function elementAt(index: number): string {
  return `élément ${index + 1}`;
}
