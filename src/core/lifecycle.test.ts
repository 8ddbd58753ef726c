import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import {
  checkStageRequest,
  inOrder,
  isDay,
  LIFECYCLE_STAGES,
  noticeOn,
  parseStage,
  refusesWrites,
  SCHEDULED_STAGES,
  type Schedule,
  type ScheduledStep,
  stageOn,
  withStep,
} from "./lifecycle.ts";

const step = (
  stage: ScheduledStep["stage"],
  startsOn: string,
  message = "",
  nextUrl = "",
): ScheduledStep => ({
  stage,
  startsOn,
  message,
  nextUrl,
});

const SEED: Schedule = [
  step("notice", "2026-06-01", "Le wiki déménage.", "https://wiki.exemple.org"),
  step("readOnly", "2026-09-01"),
  step("archived", "2026-12-01", "", "https://archive.exemple.org"),
];

function refused(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, "VALIDATION_FAILED");
    return error.fields;
  }
  assert.fail("the request was accepted");
}

describe("lifecycle stages", () => {
  it("holds each stage from its day's start, the furthest one whose day has come", () => {
    assert.equal(stageOn([], "2030-01-01"), "active");
    assert.equal(stageOn(SEED, "2026-05-31"), "active");
    assert.equal(stageOn(SEED, "2026-06-01"), "notice");
    assert.equal(stageOn(SEED, "2026-08-31"), "notice");
    assert.equal(stageOn(SEED, "2026-09-01"), "readOnly");
    assert.equal(stageOn(SEED, "2026-12-01"), "archived");
    assert.equal(stageOn(SEED, "2099-01-01"), "archived");
    // A read-only day without any notice: straight from active to read-only.
    assert.equal(stageOn([step("readOnly", "2026-09-01")], "2026-09-01"), "readOnly");
    // Two stages from the same day: the furthest holds.
    assert.equal(
      stageOn([step("notice", "2026-09-01"), step("readOnly", "2026-09-01")], "2026-09-01"),
      "readOnly",
    );
  });

  it("refuses writes only once read-only", () => {
    assert.deepEqual(
      LIFECYCLE_STAGES.map((s) => refusesWrites(s)),
      [false, false, true, true],
    );
  });

  it("tells the banner's dates, and keeps an earlier stage's reason and address when a later one has none", () => {
    assert.equal(noticeOn(SEED, "2026-05-31"), null);
    assert.deepEqual(noticeOn(SEED, "2026-06-15"), {
      stage: "notice",
      message: "Le wiki déménage.",
      nextUrl: "https://wiki.exemple.org",
      noticeFrom: "2026-06-01",
      readOnlyFrom: "2026-09-01",
      archivedFrom: "2026-12-01",
    });
    assert.equal(noticeOn(SEED, "2026-10-01")?.message, "Le wiki déménage.");
    assert.equal(noticeOn(SEED, "2026-12-02")?.nextUrl, "https://archive.exemple.org");
    assert.equal(noticeOn([step("archived", "2026-01-01")], "2026-01-01")?.readOnlyFrom, undefined);
  });

  it("reads real calendar days only", () => {
    assert.ok(isDay("2028-02-29"));
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-01", "01/09/2026", "2026-09-01T00:00", ""])
      assert.ok(!isDay(bad), bad);
  });

  it("reads a stage as an operator types it", () => {
    assert.equal(parseStage("read-only"), "readOnly");
    assert.equal(parseStage("readOnly"), "readOnly");
    assert.equal(parseStage(" Notice "), "notice");
    assert.equal(parseStage("active"), "active");
    assert.equal(parseStage("archive"), undefined);
  });

  it("accepts a valid request, with its text cleaned", () => {
    assert.deepEqual(
      checkStageRequest(SEED, {
        stage: "read-only",
        startsOn: " 2026-10-01 ",
        message: "  Le site ferme.\r\nMerci.  ",
        nextUrl: "https://ailleurs.exemple.org/suite",
      }),
      step("readOnly", "2026-10-01", "Le site ferme.\nMerci.", "https://ailleurs.exemple.org/suite"),
    );
    assert.deepEqual(checkStageRequest(SEED, { stage: "active" }), { stage: "active" });
  });

  it("refuses an unknown stage, a missing or impossible day, a non-http address and a long message", () => {
    assert.deepEqual(
      refused(() => checkStageRequest([], { stage: "fermé", startsOn: "2026-01-01" })),
      {
        stage: "lifecycle.stageUnknown",
      },
    );
    assert.deepEqual(
      refused(() =>
        checkStageRequest([], {
          stage: "notice",
          startsOn: "",
          nextUrl: "javascript:alert(1)",
          message: "x".repeat(2001),
        }),
      ),
      { startsOn: "field.required", nextUrl: "lifecycle.urlInvalid", message: "field.tooLong.2000" },
    );
    assert.deepEqual(
      refused(() => checkStageRequest([], { stage: "notice", startsOn: "2026-02-30" })),
      {
        startsOn: "lifecycle.dayInvalid",
      },
    );
    assert.deepEqual(
      refused(() =>
        checkStageRequest([], { stage: "notice", startsOn: "2026-02-01", nextUrl: "ftp://x.org" }),
      ),
      { nextUrl: "lifecycle.urlInvalid" },
    );
  });

  it("keeps the days in order: notice ≤ read-only ≤ archived", () => {
    assert.deepEqual(
      refused(() => checkStageRequest(SEED, { stage: "notice", startsOn: "2026-09-02" })),
      {
        startsOn: "lifecycle.order.notice",
      },
    );
    assert.deepEqual(
      refused(() => checkStageRequest(SEED, { stage: "readOnly", startsOn: "2026-05-01" })),
      {
        startsOn: "lifecycle.order.readOnly",
      },
    );
    assert.deepEqual(
      refused(() => checkStageRequest(SEED, { stage: "archived", startsOn: "2026-08-31" })),
      {
        startsOn: "lifecycle.order.archived",
      },
    );
    // The same day for two stages is in order.
    assert.equal(checkStageRequest(SEED, { stage: "notice", startsOn: "2026-09-01" }).stage, "notice");
  });
});

const day = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10));

/** Any schedule the checks accept: some of the stages, their days in order. */
const validSchedule = fc
  .tuple(fc.subarray([...SCHEDULED_STAGES]), fc.array(day, { minLength: 3, maxLength: 3 }))
  .map(([stages, days]) => {
    const sorted = [...days].sort();
    return stages.map((stage, i) => step(stage, sorted[i] as string));
  });

describe("lifecycle properties", () => {
  it("never goes back: the stage on day d is monotone in d, for any valid schedule", () => {
    fc.assert(
      fc.property(validSchedule, day, day, (schedule, a, b) => {
        assert.ok(inOrder(schedule));
        const [early, late] = a <= b ? [a, b] : [b, a];
        return (
          LIFECYCLE_STAGES.indexOf(stageOn(schedule, early)) <=
          LIFECYCLE_STAGES.indexOf(stageOn(schedule, late))
        );
      }),
    );
  });

  it("a valid schedule holds each of its stages on its own day, and checking a step of it accepts it", () => {
    fc.assert(
      fc.property(validSchedule, (schedule) => {
        for (const s of schedule) {
          const held = stageOn(schedule, s.startsOn);
          assert.ok(LIFECYCLE_STAGES.indexOf(held) >= LIFECYCLE_STAGES.indexOf(s.stage));
          assert.deepEqual(checkStageRequest(schedule, { ...s }), s);
          assert.deepEqual(withStep(schedule, s), schedule);
        }
      }),
    );
  });
});
