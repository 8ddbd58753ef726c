import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { type JsonItem, jsonItems } from "./json.ts";
import { ImportFileError } from "./types.ts";

async function items(text: string, keys: string[] = ["features"]): Promise<JsonItem[]> {
  const found: JsonItem[] = [];
  for await (const item of jsonItems(Readable.from([Buffer.from(text)]), keys)) found.push(item);
  return found;
}

describe("JSON items", () => {
  it("streams a top-level array, or the array under a key, or gives the object itself", async () => {
    assert.deepEqual(
      (await items('[1, {"a": [2, {"b": 3}]}, "x"]')).map((i) => i.value),
      [1, { a: [2, { b: 3 }] }, "x"],
    );
    assert.deepEqual(
      await items(
        '{"type": "FeatureCollection", "name": {"x": [1]}, "features": [{"f": 1}, {"f": 2}], "bbox": [0]}',
      ),
      [
        { value: { f: 1 }, index: 0, root: false },
        { value: { f: 2 }, index: 1, root: false },
      ],
    );
    assert.deepEqual(await items('{"type": "Feature", "features": 3}'), [
      { value: { type: "Feature", features: 3 }, index: 0, root: true },
    ]);
    assert.deepEqual(await items('{"other": [1, 2]}'), [{ value: { other: [1, 2] }, index: 0, root: true }]);
    assert.deepEqual(await items('\ufeff{"data": []}', ["data"]), []);
  });

  it("throws ImportFileError for what is not a JSON array or object", async () => {
    for (const text of ["", "  ", "42", '"x"', "[1, 2", '{"a": 1}}', "{'a': 1}", "[1] [2]"]) {
      await assert.rejects(items(text), ImportFileError, JSON.stringify(text));
    }
  });

  it("stops reading the file when the reader stops", async () => {
    let pulled = 0;
    async function* endless() {
      yield "[";
      for (;;) {
        pulled++;
        yield '{"x": 1},';
      }
    }
    const input = Readable.from(endless());
    for await (const item of jsonItems(input, [])) if (item.index === 10) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(input.destroyed);
    assert.ok(pulled < 100_000, `pulled ${pulled}`);
  });
});
