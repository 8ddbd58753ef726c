import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ICAL from "ical.js";
import { foldLines as libraryFold } from "ical-generator";
import { parisToUtc, utcToParis } from "../../core/paris-time.ts";
import { type CalendarMeeting, foldLines, meetingsCalendar, occurrences } from "./ical.ts";

const HOST = "communs.example";

function meeting(id: string, start: string, changes: Partial<CalendarMeeting> = {}): CalendarMeeting {
  const begins = parisToUtc(start);
  return {
    id,
    title: `Réunion ${id}`,
    start: begins,
    end: new Date(begins.getTime() + 2 * 3_600_000),
    status: "planned",
    sequence: 0,
    createdAt: new Date("2026-06-01T08:00:00Z"),
    updatedAt: new Date("2026-06-02T09:30:00Z"),
    url: `https://${HOST}/reunions/${id}`,
    agenda: [],
    ...changes,
  };
}

/** The feed read back by ical.js, as a calendar reads it, with its own VTIMEZONE registered. */
function readBack(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  assert.ok(zone, "the feed carries its VTIMEZONE");
  ICAL.TimezoneService.register(zone);
  const events = new Map<string, ICAL.Event>();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    events.set(event.uid, event);
  }
  return { calendar, events };
}

function eventOf(events: Map<string, ICAL.Event>, id: string): ICAL.Event {
  const event = events.get(`${id}@${HOST}`);
  assert.ok(event, id);
  return event;
}

/** The Paris local time a calendar shows, and the instant it computes with the feed's VTIMEZONE. */
function shown(time: ICAL.Time): { local: string; instant: string } {
  assert.equal(time.zone?.tzid, "Europe/Paris");
  return { local: time.toString().slice(0, 16), instant: time.toJSDate().toISOString() };
}

describe("meetings calendar", () => {
  it("writes the times typed in Paris with TZID=Europe/Paris, either side of the clock changes", () => {
    assert.equal(ICAL.TimezoneService.has("Europe/Paris"), false);
    const typed = ["2026-10-24T18:30", "2026-10-26T18:30", "2027-03-27T18:30", "2027-03-29T18:30"];
    const text = meetingsCalendar({
      name: "Réunions",
      host: HOST,
      meetings: typed.map((start, i) => meeting(`m${i}`, start)),
    });
    assert.match(text, /^DTSTART;TZID=Europe\/Paris:20261024T183000\r$/m);
    assert.match(text, /^X-WR-CALNAME:Réunions\r$/m);
    assert.match(text, /^PRODID:-\/\/Communs\/\/Réunions\/\/FR\r$/m);
    const { events } = readBack(text);
    typed.forEach((start, i) => {
      const event = eventOf(events, `m${i}`);
      assert.deepEqual(shown(event.startDate), { local: start, instant: parisToUtc(start).toISOString() });
      const end = utcToParis(new Date(parisToUtc(start).getTime() + 2 * 3_600_000)).local;
      assert.deepEqual(shown(event.endDate), { local: end, instant: parisToUtc(end).toISOString() });
      assert.equal(event.component.getFirstPropertyValue("status"), "CONFIRMED");
    });
  });

  it("keeps a monthly meeting at 18:30 in Paris across the clock changes, less its exceptions", () => {
    const start = "2026-09-08T18:30";
    const recurring = meeting("mensuelle", start, {
      rrule: "FREQ=MONTHLY;BYDAY=2TU",
      exdates: [parisToUtc("2026-11-10T18:30")],
    });
    const text = meetingsCalendar({ name: "Réunions", host: HOST, meetings: [recurring] });
    assert.match(text, /^RRULE:FREQ=MONTHLY;BYDAY=2TU\r$/m);
    assert.match(text, /^EXDATE;TZID=Europe\/Paris:20261110T183000\r$/m);
    const expansion = eventOf(readBack(text).events, "mensuelle").iterator();
    const seen: { local: string; instant: string }[] = [];
    for (let next = expansion.next(); next && seen.length < 8; next = expansion.next())
      seen.push(shown(next));
    const expected = [
      "2026-09-08T18:30",
      "2026-10-13T18:30",
      "2026-12-08T18:30",
      "2027-01-12T18:30",
      "2027-02-09T18:30",
      "2027-03-09T18:30",
      "2027-04-13T18:30",
      "2027-05-11T18:30",
    ];
    assert.deepEqual(
      seen,
      expected.map((local) => ({ local, instant: parisToUtc(local).toISOString() })),
    );
    // The dates the site shows are the ones calendars compute.
    const ours = occurrences(
      recurring.rrule ?? "",
      recurring.start,
      [parisToUtc("2026-09-01T00:00"), parisToUtc("2027-05-31T00:00")],
      recurring.exdates,
    );
    assert.deepEqual(
      ours.map((date) => date.toISOString()),
      seen.map((date) => date.instant),
    );
  });

  it("marks a cancelled meeting, with its reason and its higher sequence", () => {
    const text = meetingsCalendar({
      name: "Réunions",
      host: HOST,
      meetings: [
        meeting("annulee", "2026-11-03T18:30", {
          status: "cancelled",
          cancelReason: "Salle indisponible",
          sequence: 4,
          agenda: [{ title: "Budget", minutes: 20 }],
        }),
      ],
    });
    assert.match(text, /^STATUS:CANCELLED\r$/m);
    const event = eventOf(readBack(text).events, "annulee");
    assert.equal(event.sequence, 4);
    assert.equal(event.component.getFirstPropertyValue("status"), "CANCELLED");
    assert.equal(event.summary, "Annulée\u202f: Réunion annulee");
    assert.ok(
      event.description.startsWith("Réunion annulée\u202f: Salle indisponible\n\n"),
      event.description,
    );
  });

  it("gives the place, its coordinates, the agenda, the link and the dates of the entry", () => {
    const text = meetingsCalendar({
      name: "Réunions",
      host: HOST,
      meetings: [
        meeting("lieu", "2026-10-06T18:30", {
          location: "Maison des associations, 12 rue de l’Épeule, 59100 Roubaix — https://visio.example/ag",
          geo: { lat: 50.68962, lon: 3.16634 },
          description: "Ouverte à toutes et tous.",
          agenda: [
            { title: "Accueil", minutes: 10 },
            { title: "Budget 2027", minutes: 20 },
            { title: "Questions diverses", minutes: null },
          ],
        }),
      ],
    });
    const event = eventOf(readBack(text).events, "lieu");
    assert.equal(
      event.location,
      "Maison des associations, 12 rue de l’Épeule, 59100 Roubaix — https://visio.example/ag",
    );
    assert.deepEqual(event.component.getFirstPropertyValue("geo"), [50.68962, 3.16634]);
    assert.equal(
      event.description,
      [
        "Ouverte à toutes et tous.",
        "",
        "Ordre du jour\u202f:",
        "• Accueil (10 min)",
        "• Budget 2027 (20 min)",
        "• Questions diverses",
        "",
        `https://${HOST}/reunions/lieu`,
      ].join("\n"),
    );
    assert.equal(event.component.getFirstPropertyValue("url"), `https://${HOST}/reunions/lieu`);
    const utc = (name: string) => (event.component.getFirstPropertyValue(name) as ICAL.Time).toJSDate();
    assert.equal(utc("dtstamp").toISOString(), "2026-06-02T09:30:00.000Z");
    assert.equal(utc("created").toISOString(), "2026-06-01T08:00:00.000Z");
    assert.equal(utc("last-modified").toISOString(), "2026-06-02T09:30:00.000Z");
    assert.match(text, /^DTSTAMP:20260602T093000Z\r$/m);
  });

  it("writes the same text, UIDs included, each time it is generated", () => {
    const meetings = [
      meeting("a", "2026-10-06T18:30"),
      meeting("b", "2026-10-13T18:30", { rrule: "FREQ=WEEKLY" }),
    ];
    const first = meetingsCalendar({ name: "Réunions", host: HOST, meetings });
    const second = meetingsCalendar({ name: "Réunions", host: HOST, meetings: structuredClone(meetings) });
    assert.equal(first, second);
    assert.deepEqual([...readBack(first).events.keys()], [`a@${HOST}`, `b@${HOST}`]);
  });

  it("escapes commas, semicolons, backslashes, line breaks and markup, which read back unchanged", () => {
    const awkward = 'AG; vote, budget \\ 2027\n<script>alert("x")</script>';
    const text = meetingsCalendar({
      name: "Réunions; Lille, Roubaix\nTourcoing",
      host: HOST,
      meetings: [
        meeting("texte", "2026-10-06T18:30", {
          title: awkward,
          location: awkward,
          description: `${awkward}\r\nfin\u0007`,
          agenda: [{ title: awkward, minutes: 5 }],
        }),
      ],
    });
    const { calendar, events } = readBack(text);
    // ical.js does not know X-WR-CALNAME's type (TEXT) and leaves it escaped.
    const name = String(calendar.getFirstPropertyValue("x-wr-calname"));
    assert.equal(name, "Réunions\\; Lille\\, Roubaix Tourcoing");
    assert.equal(name.replace(/\\([\\;,])/g, "$1"), "Réunions; Lille, Roubaix Tourcoing");
    const event = eventOf(events, "texte");
    assert.equal(event.summary, awkward);
    assert.equal(event.location, awkward);
    assert.ok(event.description.startsWith(`${awkward}\nfin\n\nOrdre du jour\u202f:\n• ${awkward} (5 min)`));
  });

  it("writes lines a calendar accepts: CRLF only, folded within 75 octets", () => {
    const text = meetingsCalendar({
      name: "Réunions",
      host: HOST,
      meetings: [meeting("long", "2026-10-06T18:30", { description: "é".repeat(200) })],
    });
    assert.ok(text.endsWith("END:VCALENDAR\r\n"));
    const lines = text.slice(0, -2).split("\r\n");
    for (const line of lines) {
      assert.doesNotMatch(line, /[\r\n]/);
      assert.ok(Buffer.byteLength(line) <= 75, line);
    }
  });

  it("folds as ical-generator folds, byte for byte", () => {
    const pieces = ["a", "é", "€", "😀", "\ud83d", "\ude00", "\ud83dx", ",", "\\n", " "];
    // A fixed sequence of awkward lines: every piece at every place around the 75th octet.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    const lines = Array.from({ length: 400 }, (_, n) =>
      Array.from({ length: 20 + (n % 160) }, () => pieces[next() % pieces.length]).join(""),
    );
    lines.push("", "x".repeat(74), "x".repeat(75), `${"x".repeat(73)}é`, `${"x".repeat(73)}😀`);
    const text = lines.join("\r\n");
    assert.equal(foldLines(text), libraryFold(text));
  });
});
