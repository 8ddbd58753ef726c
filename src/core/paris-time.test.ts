import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import { parisToUtc, parseMeetingTime, toParisWallClock, utcToParis } from "./paris-time.ts";

const iso = (date: Date) => date.toISOString();

describe("Paris time", () => {
  it("reads winter and summer times with their offsets, around the 2026 and 2027 clock changes", () => {
    const cases: [string, string][] = [
      ["2026-03-28T18:30", "2026-03-28T17:30:00.000Z"],
      ["2026-03-29T01:59", "2026-03-29T00:59:00.000Z"],
      ["2026-03-29T03:00", "2026-03-29T01:00:00.000Z"],
      ["2026-03-30T18:30", "2026-03-30T16:30:00.000Z"],
      ["2026-10-24T18:30", "2026-10-24T16:30:00.000Z"],
      ["2026-10-25T01:59", "2026-10-24T23:59:00.000Z"],
      ["2026-10-25T03:00", "2026-10-25T02:00:00.000Z"],
      ["2026-10-26T18:30", "2026-10-26T17:30:00.000Z"],
      ["2027-03-27T18:30", "2027-03-27T17:30:00.000Z"],
      ["2027-03-29T18:30", "2027-03-29T16:30:00.000Z"],
      ["2027-10-30T18:30", "2027-10-30T16:30:00.000Z"],
      ["2027-11-01T18:30:45", "2027-11-01T17:30:45.000Z"],
    ];
    for (const [local, utc] of cases) assert.equal(iso(parisToUtc(local)), utc, local);
  });

  it("moves a time inside the spring gap forward by the gap, as RFC 5545 reads it", () => {
    assert.equal(iso(parisToUtc("2026-03-29T02:00")), "2026-03-29T01:00:00.000Z");
    assert.equal(iso(parisToUtc("2026-03-29T02:30")), "2026-03-29T01:30:00.000Z");
    assert.equal(utcToParis(parisToUtc("2026-03-29T02:30")).local, "2026-03-29T03:30");
    assert.equal(utcToParis(parisToUtc("2027-03-28T02:59")).local, "2027-03-28T03:59");
  });

  it("takes the first of the autumn's repeated hour, still in summer time", () => {
    assert.equal(iso(parisToUtc("2026-10-25T02:00")), "2026-10-25T00:00:00.000Z");
    assert.equal(iso(parisToUtc("2026-10-25T02:30")), "2026-10-25T00:30:00.000Z");
    assert.equal(iso(parisToUtc("2027-10-31T02:30")), "2027-10-31T00:30:00.000Z");
    assert.deepEqual(utcToParis(new Date("2026-10-25T00:30:00Z")), {
      date: "2026-10-25",
      time: "02:30",
      local: "2026-10-25T02:30",
      offset: "+02:00",
    });
    assert.deepEqual(utcToParis(new Date("2026-10-25T01:30:00Z")), {
      date: "2026-10-25",
      time: "02:30",
      local: "2026-10-25T02:30",
      offset: "+01:00",
    });
    // The second 02:30 is told apart by its offset.
    assert.equal(iso(parseMeetingTime("2026-10-25T02:30:00+01:00")), "2026-10-25T01:30:00.000Z");
  });

  it("shows every quarter of an hour of 2026 as a time that reads back to it", () => {
    let repeated = 0;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) {
      const instant = new Date(t);
      const paris = utcToParis(instant);
      assert.equal(parseMeetingTime(`${paris.local}${paris.offset}`).getTime(), t, paris.local);
      const back = parisToUtc(paris.local).getTime();
      // Only the second pass through the autumn's repeated hour reads back to the first one.
      if (back !== t) {
        repeated += 1;
        assert.equal(back, t - 3_600_000, paris.local);
        assert.equal(paris.offset, "+01:00");
        assert.match(paris.local, /^2026-10-25T02:/);
      }
    }
    assert.equal(repeated, 4);
  });

  it("shows any typed minute as typed, but one inside a spring gap, shown an hour later", () => {
    const minutes = fc.integer({ min: Date.UTC(1980, 0, 1) / 60_000, max: Date.UTC(2099, 11, 31) / 60_000 });
    fc.assert(
      fc.property(minutes, (minute) => {
        const typed = new Date(minute * 60_000);
        const local = typed.toISOString().slice(0, 16);
        const shown = toParisWallClock(parisToUtc(local)).getTime() - typed.getTime();
        assert.ok(shown === 0 || (shown === 3_600_000 && typed.getUTCMonth() === 2), local);
      }),
      { examples: [[Date.UTC(2026, 2, 29, 2, 30) / 60_000], [Date.UTC(2026, 9, 25, 2, 30) / 60_000]] },
    );
  });

  it("reads instants with an offset or Z", () => {
    assert.equal(iso(parseMeetingTime("2026-10-25T10:00:00+01:00")), "2026-10-25T09:00:00.000Z");
    assert.equal(iso(parseMeetingTime("2026-10-25T10:00Z")), "2026-10-25T10:00:00.000Z");
    assert.equal(iso(parseMeetingTime("2026-06-01T10:00:00.250-04:30")), "2026-06-01T14:30:00.250Z");
    assert.equal(iso(parseMeetingTime("2026-06-01T10:00")), "2026-06-01T08:00:00.000Z");
  });

  it("refuses anything else", () => {
    const refused = [
      "",
      "2026-10-25",
      "2026-10-25 10:00",
      "2026-10-25T10",
      "2026-02-30T10:00",
      "2026-13-01T10:00",
      "2026-10-25T24:00",
      "2026-10-25T10:60",
      "2026-10-25T10:00:60",
      "2026-10-25T10:00+15:00",
      "2026-10-25T10:00+01",
      "1969-12-31T23:00",
      "25/10/2026 10:00",
      "demain 18h30",
      "2026-10-25T10:00:00+01:00 ",
      "10000-01-01T00:00",
    ];
    for (const value of refused) {
      assert.throws(
        () => parseMeetingTime(value),
        (error) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
        value,
      );
    }
    assert.throws(() => parisToUtc("2026-10-25T10:00Z"), DomainError);
  });
});
