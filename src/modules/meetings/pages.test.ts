// A meeting through its pages, without JavaScript, as a member and a facilitator run it: the form in
// Paris time, a theme and an answer, attendance, minutes, publication, exports and calendars.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import ICAL from "ical.js";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly, buildMember, signIn } from "../../../test/helpers/factories.ts";

const XSS = `<script>alert("x")</script>`;

for (const dialect of testDialects()) {
  describe(`meeting pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug: string;
    let member: Visitor;
    let facilitator: Visitor;
    let other: Visitor;
    let meetingUrl: string;

    before(async () => {
      const assembly = await buildAssembly(h.app);
      slug = assembly.slug;
      const lucie = await buildMember(h.app, assembly, "facilitator", { name: "Lucie Martin" });
      const yann = await buildMember(h.app, assembly, "member", { name: "Yann Morel" });
      facilitator = await signIn(h, lucie);
      member = await signIn(h, yann);
      other = await signIn(h, await buildMember(h.app, assembly, "member", { name: "Marion Petit" }));
    });

    it("plans a meeting from its form in Paris time, and shows the form again with French messages when refused", async () => {
      const list = `/espaces/${slug}/reunions`;
      const refused = await member.submit(`${list}/nouvelle`, `${list}/nouvelle`, {
        title: "",
        start: "demain",
        end: "",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Donnez une date et une heure/);
      const made = await member.submit(`${list}/nouvelle`, `${list}/nouvelle`, {
        title: `Assemblée ${XSS}`,
        start: "2026-12-12T09:30",
        end: "2026-12-12T18:00",
        address: "30 rue des Meuniers, 59000 Lille",
        announcements: "https://mobilizon.example/events/1\nhttps://communecter.example/#event",
      });
      assert.equal(made.statusCode, 303);
      meetingUrl = String(made.headers.location);
      const page = await member.get(meetingUrl);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(XSS), "the title comes back escaped");
      assert.match(page.body, /&lt;script>|&lt;script&gt;/);
      assert.match(page.body, /samedi 12 décembre 2026, 09:30 – 18:00/);
      assert.match(page.body, /<link rel="alternate" type="text\/calendar" href="[^"]+\/reunion\.ics"/);
      const listed = await member.get(list);
      assert.match(listed.body, /<link rel="alternate" type="text\/calendar" href="[^"]+\/reunions\.ics"/);
      assert.match(listed.body, /Assemblée/);
    });

    it("lets a member propose a theme and say « je viens » with an introduction", async () => {
      const theme = await member.submit(meetingUrl, `${meetingUrl}/ordre-du-jour`, {
        title: "Les outils",
        minutes: "30",
      });
      assert.equal(theme.statusCode, 303);
      const answer = await member.submit(meetingUrl, `${meetingUrl}/presence`, {
        answer: "yes",
        intro: "jardinier à Fives",
      });
      assert.equal(answer.statusCode, 303);
      const bad = await member.submit(meetingUrl, `${meetingUrl}/ordre-du-jour`, {
        title: "",
        minutes: "trois",
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Un nombre entier de minutes/);
      const page = await member.get(meetingUrl);
      assert.match(page.body, /Les outils/);
      assert.match(page.body, /Proposé par Yann Morel/);
      assert.match(page.body, /jardinier à Fives/);
    });

    it("lets the facilitator tick attendance, take minutes and publish them; another member cannot", async () => {
      const page = await facilitator.get(meetingUrl);
      const attendee = /name="present" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(attendee);
      assert.equal(
        (await facilitator.submit(meetingUrl, `${meetingUrl}/presences`, { present: attendee })).statusCode,
        303,
      );
      const notes: Record<string, string>[] = [
        { kind: "entry", time: "10h36", text: "tour de présentation" },
        { kind: "entry", time: "12:20", text: "arrêt de la plénière" },
        { kind: "workshop", title: "Initiation", facilitator: "Christian", text: "fonctionne très bien" },
        { kind: "action", text: "rejoindre le groupe logistique", volunteers: "Yann Morel, Christian Dupré" },
      ];
      for (const fields of notes)
        assert.equal(
          (await facilitator.submit(meetingUrl, `${meetingUrl}/compte-rendu`, fields)).statusCode,
          303,
        );
      // Its planner (Yann) and the facilitators run a meeting; another member does not.
      const refused = await other.submit(meetingUrl, `${meetingUrl}/compte-rendu`, {
        kind: "entry",
        text: "moi",
      });
      assert.equal(refused.statusCode, 403);
      const published = await facilitator.submit(meetingUrl, `${meetingUrl}/publier`, {});
      assert.equal(published.statusCode, 303);
      const shown = await member.get(meetingUrl);
      assert.match(shown.body, /10h36/);
      assert.match(shown.body, /Tour de présentation/);
      assert.match(shown.body, /Yann Morel<\/strong> : jardinier à Fives/);
      assert.match(shown.body, /ouvert aux corrections/);
    });

    it("exports the minutes as Markdown and a printable page", async () => {
      const markdown = await member.get(`${meetingUrl}/compte-rendu.md`);
      assert.equal(markdown.statusCode, 200);
      assert.match(String(markdown.headers["content-type"]), /text\/markdown/);
      assert.match(markdown.body, /## Tour de présentation\n\n- \*\*Yann Morel\*\* : jardinier à Fives/);
      assert.match(markdown.body, /- 10h36 : tour de présentation/);
      assert.match(markdown.body, /### Initiation/);
      assert.ok(!markdown.body.includes("<script>"), "Markdown's HTML is escaped");
      const print = await member.get(`${meetingUrl}/imprimer`);
      assert.equal(print.statusCode, 200);
      assert.match(print.body, /rejoindre le groupe logistique \(Yann Morel, Christian Dupré\)/);
    });

    it("serves the space's and the meeting's calendars, parsed back by ical.js", async () => {
      const feed = await new Visitor(h).get(`/espaces/${slug}/reunions.ics`);
      assert.equal(feed.statusCode, 200);
      assert.match(String(feed.headers["content-type"]), /text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(feed.body));
      const events = calendar.getAllSubcomponents("vevent");
      assert.equal(events.length, 1);
      const event = new ICAL.Event(events[0]);
      assert.equal(event.startDate.toJSDate().toISOString(), "2026-12-12T08:30:00.000Z");
      assert.match(event.description, /Les outils \(30 min\)/);
      const one = await new Visitor(h).get(`${meetingUrl}/reunion.ics`);
      assert.equal(new ICAL.Component(ICAL.parse(one.body)).getAllSubcomponents("vevent").length, 1);
    });

    it("shows the space's activity and its Atom feed", async () => {
      const activity = await new Visitor(h).get(`/espaces/${slug}/activite`);
      assert.equal(activity.statusCode, 200);
      assert.match(activity.body, /Yann Morel a annoncé la réunion/);
      assert.match(activity.body, /Lucie Martin a publié le compte-rendu/);
      assert.match(activity.body, /<link rel="alternate" type="application\/atom\+xml"/);
      const atom = await new Visitor(h).get(`/espaces/${slug}/activite.atom`);
      assert.match(String(atom.headers["content-type"]), /application\/atom\+xml/);
      assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.match(atom.body, /a publié le compte-rendu/);
    });
  });
}
