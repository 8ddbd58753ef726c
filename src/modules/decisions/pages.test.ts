// Decisions through their pages, as people use them without JavaScript: a chamber of three runs a
// consent round (a question and its answer, objections, an amendment that integrates one, the other
// withdrawn, adoption at the deadline) and a consensus round that a block stops; refused forms come back
// in French with a 4xx and write nothing; the register finds words; two versions are compared; a
// facilitator records a decision in a meeting and reviews it; those not asked are refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound } from "../../../test/helpers/decisions.ts";
import {
  buildAdmin,
  buildChamber,
  buildMember,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import { translate } from "../../web/i18n.ts";
import type { Person } from "../accounts/service.ts";

const SLUG = "chambre-des-salles";
const REGISTER = `/espaces/${SLUG}/decisions`;
const NEW = `${REGISTER}/nouvelle`;

/** What the page says, French spacing and apostrophes made plain. */
const plain = (html: string) => html.replace(/[\u00a0\u202f]/g, " ").replace(/&#39;|’/g, "’");
const fr = (key: string, params?: Record<string, string | number>) => plain(translate("fr", key, params));
const objectionIds = (html: string) =>
  [...html.matchAll(/id="objection-([0-9a-f-]{36})"/g)].map((m) => m[1] ?? "");

for (const dialect of testDialects()) {
  describe(`decisions pages [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let fanny: Visitor;
    let malo: Visitor;
    let nina: Visitor;
    let olga: Visitor;
    let maloP: Person;
    let ninaP: Person;

    const countOf = async (table: "proposals" | "proposal_positions") =>
      Number(
        (
          await h.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** The first proposal's address (co-optation rounds took the numbers before it). */
    let first = "";
    const idOf = (url: string) => h.app.communs.decisions.byNumber(SLUG, Number(url.split("/").at(-1)));

    /** Malo proposes through the form; answers the proposal's address. */
    async function propose(fields: Record<string, string>): Promise<string> {
      const created = await malo.submit(NEW, REGISTER, { deadline: "7", ...fields });
      assert.equal(created.statusCode, 303, created.body);
      return String(created.headers.location);
    }

    before(async () => {
      admin = await buildAdmin(h.app, "Fanny Facilitatrice");
      const chamber = await buildChamber(h.app, { by: admin, slug: SLUG, name: "Chambre des salles" });
      maloP = await buildMember(h.app, chamber, "member", { name: "Malo" });
      ninaP = await buildMember(h.app, chamber, "member", { name: "Nina" });
      fanny = await signIn(h, admin);
      malo = await signIn(h, maloP);
      nina = await signIn(h, ninaP);
      olga = await signIn(h, await buildPerson(h.app, { name: "Olga" }));
    });

    it("runs a consent round through the pages, up to adoption and the register", async () => {
      const empty = plain((await new Visitor(h).get(`${REGISTER}?statut=en-cours`)).body);
      assert.ok(empty.includes(fr("decisions.none.en-cours")));
      assert.ok(!empty.includes(`href="${NEW}"`), "no proposing for a visitor");
      const home = await new Visitor(h).get(`/espaces/${SLUG}`);
      assert.ok(home.body.includes(`href="${REGISTER}"`), "the space's tabs link its decisions");
      const form = plain((await malo.get(NEW)).body);
      assert.ok(form.includes(fr("decisions.modeMeaning.consent")), "each mode explained");
      assert.match(form, /value="consent"[^>]*checked/, "the chamber's rule preselected");

      const url = await propose({
        title: "Louer la salle du jeudi",
        body: "Nous louons **la salle** le jeudi.",
        mode: "consent",
      });
      assert.match(url, new RegExp(`^${REGISTER}/\\d+$`));
      first = url;
      const page = plain((await nina.get(url)).body);
      assert.ok(page.includes("<strong>la salle</strong>"), "the text rendered as Markdown");
      assert.ok(page.includes(fr("decisions.askedMembers")));
      assert.ok(page.includes(fr("decisions.phase.questions")), "the timeline");

      const asked = await nina.submit(url, `${url}/questions`, { kind: "question", text: "Quel jeudi ?" });
      assert.equal(asked.statusCode, 303);
      assert.equal(asked.headers.location, `${url}#discussion`);
      await malo.submit(url, `${url}/questions`, { kind: "answer", text: "Chaque premier jeudi." });
      assert.equal(
        (await nina.submit(url, `${url}/objections`, { reason: "Trop cher", harm: "Le budget" })).statusCode,
        303,
      );
      assert.equal(
        (await nina.submit(url, `${url}/objections`, { reason: "Pas accessible" })).statusCode,
        303,
      );
      const [costly, access] = objectionIds((await malo.get(url)).body);
      assert.ok(costly && access);

      const amended = await malo.submit(url, `${url}/amender`, {
        body: "Nous louons la salle le premier jeudi, à moitié prix.",
        note: "Moitié prix",
        integrates: costly,
      });
      assert.equal(amended.statusCode, 303, amended.body);
      const offered = plain((await nina.get(url)).body);
      assert.ok(offered.includes(fr("decisions.acceptIntegration")));
      assert.ok(offered.includes(fr("decisions.version", { number: 2 })));
      assert.equal((await nina.submit(url, `${url}/objections/${costly}/integrer`, {})).statusCode, 303);
      assert.equal((await nina.submit(url, `${url}/objections/${access}/retirer`, {})).statusCode, 303);
      const resolved = plain((await nina.get(url)).body);
      assert.ok(resolved.includes(fr("decisions.objectionStatus.integrated")));
      assert.ok(resolved.includes(fr("decisions.objectionStatus.withdrawn")));
      assert.ok(resolved.includes("Chaque premier jeudi."), "the answer in the thread");

      await expireRound(h.db, await idOf(url));
      const decided = plain((await new Visitor(h).get(url)).body);
      assert.ok(decided.includes(fr("decisions.outcomeIs", { outcome: fr("decisions.outcome.adopted") })));
      assert.ok(decided.includes(fr("decisions.reviewOn")));
      const register = plain((await new Visitor(h).get(REGISTER)).body);
      assert.ok(register.includes("Louer la salle du jeudi"), "in force in the register");
      assert.ok(!register.includes("Cooptation"), "requests to join are not shown to visitors");
      assert.ok(plain((await nina.get(REGISTER)).body).includes("Cooptation : Malo"), "but to members");
    });

    it("stops a consensus round at a block, and says why", async () => {
      const url = await propose({ title: "Changer de banque", body: "Passer à la Nef.", mode: "consensus" });
      assert.equal((await fanny.submit(url, `${url}/position`, { position: "agree" })).statusCode, 303);
      const blocked = await nina.submit(url, `${url}/position`, {
        position: "block",
        reason: "Frais cachés",
      });
      assert.equal(blocked.statusCode, 303);
      const tally = plain((await malo.get(url)).body);
      assert.ok(
        tally.includes(
          fr("decisions.positionOf", { name: "Nina", position: fr("decisions.position.block") }),
        ),
      );
      await expireRound(h.db, await idOf(url));
      const page = plain((await malo.get(url)).body);
      assert.ok(page.includes(fr("decisions.outcomeIs", { outcome: fr("decisions.outcome.not adopted") })));
      assert.ok(page.includes(fr("decisions.whyNot")) && page.includes("Frais cachés"));
      const inForce = plain((await malo.get(REGISTER)).body);
      assert.ok(!inForce.includes("Changer de banque"), "not in force");
    });

    it("refuses a form in French with a 4xx and writes nothing", async () => {
      const proposals = await countOf("proposals");
      const noTitle = await malo.submit(NEW, REGISTER, { title: "", body: "Un texte", mode: "consent" });
      assert.equal(noTitle.statusCode, 400);
      assert.ok(plain(noTitle.body).includes(fr("msg.field.required")));
      assert.ok(noTitle.body.includes("Un texte"), "what was typed is kept");
      assert.equal(await countOf("proposals"), proposals);

      const url = await propose({
        title: "Acheter un vidéoprojecteur",
        body: "Pour les réunions.",
        mode: "consensus",
      });
      const positions = await countOf("proposal_positions");
      const bare = await nina.submit(url, `${url}/position`, { position: "block", reason: "" });
      assert.equal(bare.statusCode, 400);
      assert.ok(plain(bare.body).includes(fr("msg.decisions.blockReason")));
      assert.equal(await countOf("proposal_positions"), positions);
      const objected = await nina.submit(url, `${url}/objections`, { reason: "Non" });
      assert.equal(objected.statusCode, 409, "no objection in a consensus round");
      assert.ok(plain(objected.body).includes(fr("error.PROPOSAL_CLOSED")));
    });

    it("finds proposals by the words of any version, and compares two versions", async () => {
      const all = `${REGISTER}?statut=toutes`;
      const found = plain((await malo.get(`${all}&q=MOITI%C3%89%20PRIX`)).body);
      assert.ok(found.includes("Louer la salle du jeudi"), "found by a word of version 2, any case");
      assert.ok(!found.includes("Changer de banque"));
      const none = plain((await malo.get(`${all}&q=introuvable`)).body);
      assert.ok(none.includes(fr("decisions.noneFound")));
      const open = plain((await malo.get(`${REGISTER}?statut=en-cours`)).body);
      assert.ok(open.includes("Acheter un vidéoprojecteur") && !open.includes("Louer la salle"));

      const diff = await new Visitor(h).get(`${first}/versions?de=1&a=2`);
      assert.equal(diff.statusCode, 200);
      assert.match(diff.body, /<del>.*Nous louons \*\*la salle\*\* le jeudi\.<\/del>/s);
      assert.match(diff.body, /<ins>.*à moitié prix\.<\/ins>/s);
      assert.match(diff.body, /aria-hidden="true">\+<\/span>/, "a visible + marker");
      assert.match(diff.body, /aria-hidden="true">−<\/span>/, "a visible − marker");
      assert.equal((await malo.get(`${first}/versions?de=1&a=9`)).statusCode, 404);
      assert.equal((await malo.get(`${REGISTER}/99`)).statusCode, 404);
    });

    it("records a decision taken in a meeting, listed in the meeting's page", async () => {
      const meeting = await h.app.communs.meetings.create(admin, SLUG, {
        title: "Plénière de janvier",
        start: new Date(Date.now() + 86_400_000).toISOString().slice(0, 16),
        end: new Date(Date.now() + 90_000_000).toISOString().slice(0, 16),
      });
      const url = await propose({ title: "Ouvrir le samedi", body: "Le samedi aussi.", mode: "consent" });
      const action = `${url}/reunion`;
      assert.equal((await malo.get(action)).statusCode, 403, "the facilitators record");
      const form = plain((await fanny.get(action)).body);
      assert.ok(form.includes("Plénière de janvier") && form.includes("Nina"));
      const refused = await fanny.submit(action, action, {
        meeting: meeting.id,
        [`answer.${ninaP.id}`]: "object",
      });
      assert.equal(refused.statusCode, 400);
      assert.ok(plain(refused.body).includes(fr("msg.decisions.blockReason")));
      const recorded = await fanny.submit(action, action, {
        meeting: meeting.id,
        [`answer.${ninaP.id}`]: "consent",
        [`answer.${maloP.id}`]: "consent",
      });
      assert.equal(recorded.statusCode, 303, recorded.body);
      const page = plain((await malo.get(url)).body);
      assert.ok(page.includes(fr("decisions.outcomeIs", { outcome: fr("decisions.outcome.adopted") })));
      assert.ok(page.includes(`/reunions/${meeting.id}`), "the meeting linked");
      const minutes = plain((await malo.get(`/espaces/${SLUG}/reunions/${meeting.id}`)).body);
      assert.ok(minutes.includes(fr("decisions.inMeeting")));
      assert.ok(minutes.includes(`href="${url}"`) && minutes.includes("Ouvrir le samedi"));
    });

    it("lets a facilitator renew a decision, then retire it from the decisions in force", async () => {
      const url = first;
      assert.equal((await malo.submit(url, `${url}/revue`, { how: "renew" })).statusCode, 403);
      assert.ok(plain((await fanny.get(url)).body).includes(fr("decisions.renew")));
      assert.equal((await fanny.submit(url, `${url}/revue`, { how: "renew" })).statusCode, 303);
      assert.equal((await fanny.submit(url, `${url}/revue`, { how: "retire" })).statusCode, 303);
      const inForce = plain((await malo.get(REGISTER)).body);
      assert.ok(!inForce.includes("Louer la salle du jeudi"), "retired from the decisions in force");
      const all = plain((await malo.get(`${REGISTER}?statut=toutes`)).body);
      assert.ok(all.includes("Louer la salle du jeudi") && all.includes(fr("decisions.retired")));
    });

    it("refuses those who may not: a stranger objects, proposes; a member advances", async () => {
      const url = await propose({ title: "Repeindre la salle", body: "En vert.", mode: "consent" });
      const objected = await olga.submit(url, `${url}/objections`, { reason: "Je n’aime pas le vert" });
      assert.equal(objected.statusCode, 403);
      assert.equal((await olga.get(NEW)).statusCode, 403);
      assert.equal((await malo.submit(url, `${url}/avancer`, {})).statusCode, 403);
      assert.equal((await fanny.submit(url, `${url}/avancer`, {})).statusCode, 303);
      assert.equal((await malo.submit(url, `${url}/retirer`, {})).statusCode, 303);
      const page = plain((await olga.get(url)).body);
      assert.ok(page.includes(fr("decisions.outcomeIs", { outcome: fr("decisions.outcome.withdrawn") })));
    });
  });
}
