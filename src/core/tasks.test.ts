import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import { type Action, can, type Resource } from "./policy.ts";
import {
  aboveCap,
  checkMove,
  isOverdue,
  stateWithVolunteers,
  TASK_MOVES,
  TASK_STATES,
  validDueDate,
} from "./tasks.ts";

const lucie = { id: "lucie", isAdmin: false };
const admin = { id: "admin", isAdmin: true };
const member = { role: "member", status: "active" };
const facilitator = { role: "facilitator", status: "active" };
const left = { role: "member", status: "left" };

function resource(
  kind: "assembly" | "chamber",
  membership: Resource["membership"],
  options: { rule?: string; volunteers?: string[]; createdBy?: string | null } = {},
): Resource {
  return {
    space: { kind, tasksRule: options.rule },
    membership,
    task: { volunteerIds: options.volunteers ?? [], createdBy: options.createdBy ?? null },
  };
}

describe("a task's moves", () => {
  it("allows each move only from its states, and refuses the others with TASK_STATE", () => {
    for (const [move, from] of Object.entries(TASK_MOVES))
      for (const state of TASK_STATES) {
        const allowed = (from as readonly string[]).includes(state);
        if (allowed) assert.doesNotThrow(() => checkMove(state, move as keyof typeof TASK_MOVES));
        else
          assert.throws(
            () => checkMove(state, move as keyof typeof TASK_MOVES),
            (e) => e instanceof DomainError && e.code === "TASK_STATE" && e.status === 409,
            `${move} from ${state}`,
          );
      }
    assert.deepEqual([stateWithVolunteers(0), stateWithVolunteers(2)], ["open", "taken"]);
  });

  it("never moves a done or dropped task again", () => {
    for (const state of ["done", "dropped"])
      for (const move of ["take", "release", "finish", "drop", "edit"] as const)
        assert.throws(() => checkMove(state, move));
  });

  it("reads due dates and overdue tasks", () => {
    assert.ok(validDueDate("2026-05-12"));
    for (const bad of ["2026-02-30", "1999-12-31", "2101-01-01", "12/05/2026", ""])
      assert.ok(!validDueDate(bad), bad);
    const today = "2026-05-13";
    assert.ok(isOverdue({ state: "taken", dueDate: "2026-05-12" }, today));
    assert.ok(!isOverdue({ state: "taken", dueDate: "2026-05-13" }, today), "due today is not late yet");
    assert.ok(!isOverdue({ state: "done", dueDate: "2026-05-01" }, today));
    assert.ok(!isOverdue({ state: "open", dueDate: null }, today));
  });

  it("needs a decision above the cap, counting the larger of the expected and the claimed", () => {
    assert.equal(aboveCap(5_000, null, 5_000), false, "at the cap, still do-ocracy");
    assert.equal(aboveCap(5_001, null, 5_000), true);
    assert.equal(aboveCap(1_000, 6_000, 5_000), true);
    assert.equal(aboveCap(null, null, 0), false);
    fc.assert(
      fc.property(
        fc.option(fc.nat(), { nil: null }),
        fc.option(fc.nat(), { nil: null }),
        fc.nat(),
        (expected, claimed, cap) =>
          aboveCap(expected, claimed, cap) === ((expected ?? 0) > cap || (claimed ?? 0) > cap),
      ),
    );
  });
});

describe("who may do what on a task board", () => {
  const may = (action: Action, r: Resource, actor = lucie) => can(actor, action, r);

  it("lets anyone read a board, signed in or not", () => {
    assert.ok(can(undefined, "task.read", resource("chamber", undefined)));
    assert.ok(!can(undefined, "task.create", resource("assembly", undefined)));
  });

  it("is a do-ocracy in an assembly: any active member creates and takes, whatever rule it carries", () => {
    for (const rule of [undefined, "members", "facilitators"]) {
      assert.ok(may("task.create", resource("assembly", member, { rule })));
      assert.ok(may("task.take", resource("assembly", member, { rule })));
    }
    assert.ok(!may("task.create", resource("assembly", undefined)));
    assert.ok(!may("task.take", resource("assembly", left)), "someone who left does not take new tasks");
  });

  it("follows a chamber's rule: members by default, facilitators alone when it says so", () => {
    assert.ok(may("task.create", resource("chamber", member)));
    assert.ok(may("task.create", resource("chamber", member, { rule: "members" })));
    assert.ok(!may("task.create", resource("chamber", member, { rule: "facilitators" })));
    assert.ok(!may("task.take", resource("chamber", member, { rule: "facilitators" })));
    assert.ok(may("task.take", resource("chamber", facilitator, { rule: "facilitators" })));
    assert.ok(may("task.create", resource("chamber", undefined, { rule: "facilitators" }), admin));
  });

  it("keeps releasing and finishing to volunteers and facilitators, dropping to creators and facilitators", () => {
    const held = resource("assembly", member, { volunteers: ["lucie"], createdBy: "yann" });
    const others = resource("assembly", member, { volunteers: ["yann"], createdBy: "yann" });
    const mine = resource("assembly", member, { volunteers: [], createdBy: "lucie" });
    assert.ok(may("task.release", held) && may("task.finish", held));
    assert.ok(!may("task.release", others) && !may("task.finish", others));
    assert.ok(may("task.release", resource("assembly", left, { volunteers: ["lucie"] })), "their word still");
    assert.ok(may("task.release", resource("assembly", facilitator, { volunteers: ["yann"] })));
    assert.ok(!may("task.drop", held));
    assert.ok(may("task.drop", mine));
    assert.ok(may("task.drop", resource("assembly", facilitator, { createdBy: "yann" })));
    assert.ok(may("task.edit", held) && may("task.edit", mine) && !may("task.edit", others));
    assert.ok(!may("task.manageGroups", held));
    assert.ok(may("task.manageGroups", resource("assembly", facilitator)));
    for (const action of [
      "task.release",
      "task.finish",
      "task.drop",
      "task.edit",
      "task.manageGroups",
    ] as const)
      assert.ok(may(action, resource("chamber", undefined), admin), action);
  });

  it("lets only a volunteer who may claim expenses claim a task's expense, and only in a chamber", () => {
    assert.ok(may("task.claimExpense", resource("chamber", member, { volunteers: ["lucie"] })));
    assert.ok(!may("task.claimExpense", resource("chamber", member, { volunteers: ["yann"] })));
    assert.ok(!may("task.claimExpense", resource("chamber", left, { volunteers: ["lucie"] })));
    assert.ok(
      !may("task.claimExpense", resource("chamber", facilitator)),
      "a facilitator claims only their own",
    );
    assert.ok(!can(undefined, "task.claimExpense", resource("assembly", undefined)));
    assert.ok(!may("task.claimExpense", resource("assembly", member, { volunteers: ["lucie"] })));
  });
});
