import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../core/errors.ts";
import { parisToUtc, utcToParis } from "../../core/paris-time.ts";
import { occurrences, validateRrule } from "./recurrence.ts";
import { describeRrule } from "./recurrence-words.ts";

const local = (dates: Date[]) => dates.map((date) => utcToParis(date).local);

describe("recurrence rules", () => {
  it("writes a valid rule back one way", () => {
    const cases: [string, string][] = [
      ["FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU"],
      ["rrule:freq=monthly;byday=+2tu", "FREQ=MONTHLY;BYDAY=2TU"],
      [" BYDAY=MO,TH;FREQ=WEEKLY;INTERVAL=02 ", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"],
      ["FREQ=WEEKLY;INTERVAL=1;WKST=MO", "FREQ=WEEKLY;WKST=MO"],
      ["FREQ=MONTHLY;BYDAY=-1FR;COUNT=500", "FREQ=MONTHLY;COUNT=500;BYDAY=-1FR"],
      ["FREQ=MONTHLY;BYDAY=TU;BYSETPOS=+2", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"],
      ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21"],
      ["FREQ=DAILY;UNTIL=20261231T230000Z", "FREQ=DAILY;UNTIL=20261231T230000Z"],
      // A date alone ends at the end of that day in Paris; a time without Z is a Paris time.
      ["FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231T225959Z"],
      ["FREQ=DAILY;UNTIL=20260701T183000", "FREQ=DAILY;UNTIL=20260701T163000Z"],
    ];
    for (const [typed, kept] of cases) assert.equal(validateRrule(typed), kept, typed);
  });

  it("refuses what is malformed, endless in practice, or faster than daily", () => {
    const refused = [
      "",
      "RRULE:",
      "BYDAY=MO",
      "FREQ=SOMETIMES",
      "FREQ=HOURLY",
      "FREQ=MINUTELY",
      "FREQ=SECONDLY",
      "FREQ=DAILY;BYHOUR=9,18",
      "FREQ=DAILY;BYMINUTE=0",
      "FREQ=DAILY;COUNT=501",
      "FREQ=DAILY;COUNT=0",
      "FREQ=DAILY;COUNT=abc",
      "FREQ=DAILY;INTERVAL=0",
      "FREQ=DAILY;COUNT=3;UNTIL=20261231",
      "FREQ=DAILY;;COUNT=2",
      "FREQ=DAILY;FREQ=WEEKLY",
      "FREQ=DAILY;DTSTART=20260101T000000Z",
      "FREQ=DAILY;TZID=Europe/Paris",
      "FREQ=DAILY;X-NAME=1",
      "FREQ=DAILY\nEXDATE:20260101",
      "FREQ=WEEKLY;BYDAY=XX",
      "FREQ=WEEKLY;BYDAY=2TU",
      "FREQ=MONTHLY;BYDAY=6TU",
      "FREQ=MONTHLY;BYDAY=0TU",
      "FREQ=MONTHLY;BYMONTHDAY=32",
      "FREQ=WEEKLY;BYMONTHDAY=1",
      "FREQ=MONTHLY;BYWEEKNO=3",
      "FREQ=YEARLY;BYMONTH=13",
      "FREQ=MONTHLY;BYSETPOS=2",
      "FREQ=DAILY;UNTIL=20260230",
      "FREQ=DAILY;UNTIL=2026-12-31",
      `FREQ=WEEKLY;BYDAY=${"MO,".repeat(100)}MO`,
    ];
    for (const value of refused) {
      assert.throws(
        () => validateRrule(value),
        (error) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
        JSON.stringify(value),
      );
    }
  });

  it("says the common rules in French and in English", () => {
    const cases: [string, string, string][] = [
      ["FREQ=MONTHLY;BYDAY=2TU", "tous les deuxièmes mardis du mois", "every second Tuesday of the month"],
      [
        "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
        "tous les deuxièmes mardis du mois",
        "every second Tuesday of the month",
      ],
      ["FREQ=MONTHLY;BYDAY=-1FR", "tous les derniers vendredis du mois", "every last Friday of the month"],
      [
        "FREQ=MONTHLY;BYDAY=1MO,3TH",
        "tous les premiers lundis et troisièmes jeudis du mois",
        "every first Monday and third Thursday of the month",
      ],
      [
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "le deuxième mardi du mois, tous les 2 mois",
        "the second Tuesday of the month, every 2 months",
      ],
      ["FREQ=WEEKLY;BYDAY=MO", "toutes les semaines le lundi", "every week on Monday"],
      [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR",
        "toutes les 2 semaines le lundi, le mercredi et le vendredi",
        "every 2 weeks on Monday, Wednesday and Friday",
      ],
      ["FREQ=WEEKLY", "toutes les semaines", "every week"],
      ["FREQ=DAILY", "tous les jours", "every day"],
      ["FREQ=DAILY;INTERVAL=3", "tous les 3 jours", "every 3 days"],
      ["FREQ=MONTHLY", "tous les mois", "every month"],
      [
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "tous les mois le 1er et le 15",
        "every month on the 1st and the 15th",
      ],
      ["FREQ=MONTHLY;BYMONTHDAY=-1", "tous les mois le dernier jour", "every month on the last day"],
      ["FREQ=YEARLY", "tous les ans", "every year"],
      ["FREQ=YEARLY;INTERVAL=2", "tous les 2 ans", "every 2 years"],
      ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21", "tous les ans le 21 juin", "every year on 21 June"],
      [
        "FREQ=YEARLY;BYMONTH=4;BYDAY=1MO",
        "tous les ans le premier lundi d’avril",
        "every year on the first Monday of April",
      ],
      [
        "FREQ=MONTHLY;BYDAY=2TU;COUNT=10",
        "tous les deuxièmes mardis du mois, 10 fois",
        "every second Tuesday of the month, 10 times",
      ],
      [
        "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270101",
        "toutes les semaines le jeudi, jusqu’au 1er janvier 2027",
        "every week on Thursday, until 1 January 2027",
      ],
    ];
    for (const [rule, fr, en] of cases) {
      assert.equal(describeRrule(rule, "fr"), fr, rule);
      assert.equal(describeRrule(rule, "en"), en, rule);
    }
  });

  it("falls back to the rule itself for what the words do not cover", () => {
    assert.equal(describeRrule("FREQ=YEARLY;BYWEEKNO=20", "fr"), "récurrence\u202f: FREQ=YEARLY;BYWEEKNO=20");
    assert.equal(
      describeRrule("FREQ=MONTHLY;BYDAY=3MO,-3FR", "en"),
      "recurrence: FREQ=MONTHLY;BYDAY=3MO,-3FR",
    );
    assert.equal(describeRrule(" n’importe quoi ", "fr"), "récurrence\u202f: n’importe quoi");
  });
});

describe("occurrences", () => {
  it("keeps a weekly meeting at 18:30 in Paris across both clock changes", () => {
    const dates = occurrences("FREQ=WEEKLY;BYDAY=TU", parisToUtc("2026-10-20T18:30"), [
      parisToUtc("2026-10-01T00:00"),
      parisToUtc("2026-11-04T00:00"),
    ]);
    assert.deepEqual(local(dates), ["2026-10-20T18:30", "2026-10-27T18:30", "2026-11-03T18:30"]);
    assert.deepEqual(
      dates.map((date) => date.toISOString()),
      ["2026-10-20T16:30:00.000Z", "2026-10-27T17:30:00.000Z", "2026-11-03T17:30:00.000Z"],
    );
    const spring = occurrences("FREQ=WEEKLY", parisToUtc("2027-03-20T10:00"), [
      parisToUtc("2027-03-20T10:00"),
      parisToUtc("2027-04-03T10:00"),
    ]);
    assert.deepEqual(
      spring.map((date) => date.toISOString()),
      ["2027-03-20T09:00:00.000Z", "2027-03-27T09:00:00.000Z", "2027-04-03T08:00:00.000Z"],
    );
  });

  it("gives the second Tuesdays less the cancelled ones, within the window, both ends included", () => {
    const start = parisToUtc("2026-09-08T18:30");
    const dates = occurrences(
      "FREQ=MONTHLY;BYDAY=2TU",
      start,
      [parisToUtc("2026-10-13T18:30"), parisToUtc("2027-01-12T18:30")],
      [parisToUtc("2026-11-10T18:30")],
    );
    assert.deepEqual(local(dates), ["2026-10-13T18:30", "2026-12-08T18:30", "2027-01-12T18:30"]);
  });

  it("ends with COUNT or with UNTIL's day, in Paris", () => {
    const start = parisToUtc("2026-12-29T20:00");
    const window: [Date, Date] = [start, parisToUtc("2027-12-31T00:00")];
    assert.deepEqual(local(occurrences("FREQ=DAILY;COUNT=2", start, window)), [
      "2026-12-29T20:00",
      "2026-12-30T20:00",
    ]);
    assert.deepEqual(local(occurrences("FREQ=DAILY;UNTIL=20261231", start, window)), [
      "2026-12-29T20:00",
      "2026-12-30T20:00",
      "2026-12-31T20:00",
    ]);
  });

  it("repeats a start typed in the spring gap at the time it was moved to", () => {
    const dates = occurrences("FREQ=YEARLY", parisToUtc("2026-03-29T02:30"), [
      parisToUtc("2026-01-01T00:00"),
      parisToUtc("2028-01-01T00:00"),
    ]);
    // 02:30 did not exist on 29 March 2026: the meeting was kept at 03:30, and the rule follows it.
    assert.deepEqual(local(dates), ["2026-03-29T03:30", "2027-03-29T03:30"]);
    // An occurrence that falls in the gap is read as RFC 5545 says (ical.js reads it as 01:30).
    const sundays = occurrences("FREQ=WEEKLY", parisToUtc("2026-03-22T02:30"), [
      parisToUtc("2026-03-22T00:00"),
      parisToUtc("2026-04-06T00:00"),
    ]);
    assert.deepEqual(local(sundays), ["2026-03-22T02:30", "2026-03-29T03:30", "2026-04-05T02:30"]);
  });

  it("stops at a thousand dates, and refuses an invalid rule", () => {
    const start = parisToUtc("2026-01-01T09:00");
    assert.equal(occurrences("FREQ=DAILY", start, [start, parisToUtc("2036-01-01T00:00")]).length, 1000);
    assert.throws(() => occurrences("FREQ=HOURLY", start, [start, start]), DomainError);
  });
});
