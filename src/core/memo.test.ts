import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createMemo } from "./memo.ts";

describe("memo", () => {
  it("computes once for everyone asking together, and again at once after a write", async () => {
    let writes = 0;
    const cache = createMemo(10, 60_000, () => writes);
    let computed = 0;
    const compute = async () => ++computed;
    assert.deepEqual(await Promise.all([cache.remember("a", compute), cache.remember("a", compute)]), [1, 1]);
    assert.equal(await cache.remember("a", compute), 1);
    writes += 1;
    assert.equal(await cache.remember("a", compute), 2);
  });

  it("once expired, serves the kept value while it is read again once", async () => {
    const cache = createMemo(10, 30, () => 0);
    let computed = 0;
    const compute = async () => {
      await sleep(20);
      return ++computed;
    };
    assert.equal(await cache.remember("a", compute), 1);
    await sleep(40);
    assert.deepEqual(await Promise.all([cache.remember("a", compute), cache.remember("a", compute)]), [1, 1]);
    await sleep(30);
    assert.equal(await cache.remember("a", compute), 2);
    assert.equal(computed, 2);
  });

  it("forgets a value whose reading again failed", async () => {
    const cache = createMemo(10, 10, () => 0);
    assert.equal(await cache.remember("a", async () => "lu"), "lu");
    await sleep(20);
    assert.equal(await cache.remember("a", () => Promise.reject(new Error("base absente"))), "lu");
    await sleep(5);
    assert.equal(await cache.remember("a", async () => "relu"), "relu");
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
