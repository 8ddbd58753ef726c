import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createMemo } from "./memo.ts";

describe("memo", () => {
  it("computes once for everyone asking together, again after a write or once expired", async () => {
    let writes = 0;
    const cache = createMemo(10, 60, () => writes);
    let computed = 0;
    const compute = async () => ++computed;
    assert.deepEqual(await Promise.all([cache.remember("a", compute), cache.remember("a", compute)]), [1, 1]);
    assert.equal(await cache.remember("a", compute), 1);
    writes += 1;
    assert.equal(await cache.remember("a", compute), 2);
    await sleep(80);
    assert.equal(await cache.remember("a", compute), 3);
  });

  it("does not keep a value whose reading a write overtook", async () => {
    let writes = 0;
    const cache = createMemo(10, 60_000, () => writes);
    const slow = cache.remember("a", async () => {
      await sleep(10);
      return "lu avant l’écriture";
    });
    writes += 1;
    assert.equal(await slow, "lu avant l’écriture");
    assert.equal(await cache.remember("a", async () => "relu"), "relu");
  });

  it("keeps no failure, and drops the oldest key past its size", async () => {
    const cache = createMemo(2, 60_000, () => 0);
    await assert.rejects(cache.remember("x", () => Promise.reject(new Error("base absente"))));
    assert.equal(await cache.remember("x", async () => "lu"), "lu");
    await cache.remember("y", async () => "y");
    await cache.remember("z", async () => "z");
    assert.equal(await cache.remember("x", async () => "relu"), "relu");
  });
});
