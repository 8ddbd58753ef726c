// The authorization matrix: every registered route, tried by seven kinds of visitor (anonymous, signed
// in without any membership, member, facilitator, treasurer, instance administrator, member of another
// chamber), must answer what the one policy (src/core/policy.ts) predicts: allowed → the handler runs
// (no 401, 403, 404 or 5xx); refused → 401 (a login redirect for a page read), 403, or 404 for a money
// route on an assembly. A route registered without a row here fails the suite, so a new route cannot
// ship without saying who may use it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import sharp from "sharp";
import { type Action, type Actor, type Membership, type Refusal, refusal } from "../../src/core/policy.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { type Harness, lastMailTo, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildDonation,
  buildMember,
  buildPerson,
  buildToken,
  PASSWORD,
  suffix,
} from "../helpers/factories.ts";
import { multipartBody } from "../helpers/multipart.ts";
import { admit } from "../helpers/spaces.ts";

const ROLES = [
  "anonymous",
  "stranger",
  "member",
  "facilitator",
  "treasurer",
  "admin",
  "otherChamber",
] as const;
type Role = (typeof ROLES)[number];

/** The smallest valid PNG, for receipts and images. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
/** A job that always fails, to have one on the administrators' page. */
const FAILING_JOB = "matrix.fails";
const CSV = "nom;adresse;code postal;ville\nJardin des matrices;1 rue du Test;59000;Lilleville\n";

interface World {
  h: Harness;
  assembly: string;
  chamber: string;
  other: string;
  people: Record<Exclude<Role, "anonymous">, Person>;
  /** Each role's membership in the assembly and in the chamber. */
  memberships: Record<Role, { assembly?: Membership; chamber?: Membership }>;
  visitors: Record<Role, Visitor>;
  /** Each visitor's CSRF token, read once from a page with a form. */
  csrf: Record<Role, string>;
  tokens: Record<Role, string | undefined>;
  /** A commons of the assembly made by the facilitator (so plain members are not its creator). */
  commons: { id: string; slug: string };
  tag: string;
  family: string;
  /** An image of the commons, uploaded by the facilitator. */
  image: string;
  /** A claim in the chamber written by the member, with a receipt. */
  claim: { id: string; receipt: string };
  /** A meeting of the chamber planned by the facilitator. */
  meeting: string;
  /** A task of the assembly created by the treasurer (a plain member there) and taken by the member. */
  task: string;
  /** Open proposals of the chamber by the member: one in consent, one in consensus. */
  proposal: string;
  consensus: string;
  /** The number of an open consent proposal of the chamber, made by the member (for its pages). */
  proposalNumber: number;
}

/** What one cell sends. */
interface Call {
  url: string;
  /** Form fields (pages) or JSON body (API). */
  body?: Record<string, unknown>;
  files?: Record<string, { filename: string; type: string; content: Buffer | string }>;
  headers?: Record<string, string>;
  /** Another browser of the same person (logging out must not end the visitor's own session). */
  browser?: { visitor: Visitor; csrf: string };
}

interface Row {
  /** The policy action the route's service authorizes; `open`: anyone; `signedIn`: anyone signed in. */
  rule: Action | "open" | "signedIn";
  /** The space the policy looks at: its kind and the role's membership there. */
  space?: "assembly" | "chamber";
  /** Money routes: also tried on the assembly, where every visitor gets 404. */
  chamberOnly?: boolean;
  /** What the resource holds besides the space (a commons' creator, a claim's author, a meeting's planner, a task's people). */
  target?: "commons" | "claim" | "meeting" | "task" | "proposal" | "objection";
  /** Builds one cell's call, making fresh records when the route changes or removes them. */
  call: (w: World, role: Role, slug: string) => Promise<Call> | Call;
  /** Statuses that still mean the handler ran for an allowed visitor (a documented refusal of the input). */
  accepts?: number[];
}

const chamberRow = (rule: Action, call: Row["call"], target?: Row["target"]): Row => ({
  rule,
  space: "chamber",
  chamberOnly: true,
  target,
  call,
});
const directoryRow = (rule: Action, call: Row["call"], target?: Row["target"]): Row => ({
  rule,
  space: "assembly",
  target,
  call,
});

/**
 * A task board's row: boards exist in both kinds of space, tried on the assembly (an open space, where
 * every active member does the work).
 */
const taskRow = (rule: Action, call: Row["call"], target?: Row["target"]): Row => ({
  rule,
  space: "assembly",
  target,
  call,
});

/**
 * A fresh task of a space, created by the treasurer (a plain member of the assembly, so neither a
 * volunteer nor a facilitator) and taken by the member unless it is to stay open.
 */
async function freshTask(w: World, slug: string, options: { open?: boolean; expense?: number } = {}) {
  const { tasks } = w.h.app.communs;
  const task = await tasks.create(w.people.treasurer, slug, {
    title: `Tâche ${suffix()}`,
    expectedExpense: options.expense,
  });
  if (!options.open) await tasks.take(w.people.member, task.id);
  return task.id;
}

/** A fresh open proposal of the chamber, by the member unless another proposer is named. */
async function freshProposal(w: World, options: { mode?: "consensus"; by?: Person } = {}) {
  const proposal = await w.h.app.communs.decisions.propose(options.by ?? w.people.member, w.chamber, {
    title: `Proposition ${suffix()}`,
    body: "Un texte à décider.",
    mode: options.mode,
  });
  return proposal.id;
}

/**
 * A fresh open objection of the member to the facilitator's proposal; `integrated`: an amendment offers
 * to integrate it (so that its author may accept it).
 */
async function freshObjection(w: World, integrated = false) {
  const { decisions } = w.h.app.communs;
  const proposal = await freshProposal(w, { by: w.people.facilitator });
  const id = await decisions.object(w.people.member, proposal, { reason: "Une raison." });
  if (integrated)
    await decisions.amend(w.people.facilitator, proposal, { body: "Intégrée.", integrates: [id] });
  return id;
}

/** A row of the decisions API, tried in the chamber. */
const decisionRow = (rule: Row["rule"], call: Row["call"], target?: Row["target"]): Row => ({
  rule,
  space: "chamber",
  target,
  call,
});

/** A fresh commons of the assembly, by the facilitator, for a route that changes or removes it. */
async function freshCommons(w: World) {
  return buildCommons(w.h.app, w.assembly, w.people.facilitator, { name: `Commun ${suffix()}` });
}

/** A fresh claim of the member, for a route that decides or changes it. */
async function freshClaim(w: World) {
  const claim = await w.h.app.communs.claims.submit(w.people.member, w.chamber, {
    title: `Salle ${suffix()}`,
    amount: 12_000,
    date: "2026-03-14",
    account: "6132",
  });
  return claim.id;
}

/**
 * A preview of an import. A preview is its uploader's own: a visitor who may import uploads theirs,
 * the others are tried on the facilitator's.
 */
async function freshPreview(w: World, kind: "commons" | "donations", role: Role): Promise<string> {
  const importers: Role[] =
    kind === "commons" ? ["facilitator", "admin"] : ["facilitator", "treasurer", "admin"];
  const uploader = importers.includes(role) ? role : "facilitator";
  const visitor = w.visitors[uploader];
  const page =
    kind === "commons" ? `/espaces/${w.assembly}/communs/import` : `/espaces/${w.chamber}/dons/import`;
  const fields: Record<string, string> =
    kind === "commons"
      ? { _csrf: w.csrf[uploader], format: "csv" }
      : {
          _csrf: w.csrf[uploader],
          source: "bank",
          "mapping.date": "Date",
          "mapping.amount": "Montant",
          "mapping.label": "Libellé",
        };
  // Something new each time, or the preview has nothing to confirm.
  const content =
    kind === "commons"
      ? `nom;ville\nJardin ${suffix()};Lilleville\n`
      : `Date;Montant;Libellé\n14/03/2026;20,00;Don ${suffix()}\n`;
  const { payload, headers } = multipartBody(fields, {
    file: { filename: "import.csv", type: "text/csv", content },
  });
  const response = await visitor.request({ method: "POST", url: page, payload, headers });
  // The preview page's confirmation form names the kept file.
  const id = /\/import\/([0-9a-f-]{36})/.exec(response.body)?.[1];
  assert.ok(id, `no preview made (${response.statusCode})`);
  return id;
}

/** A preview confirmed by its uploader: the page that follows it (progress, then the report) exists. */
async function confirmedImport(w: World, kind: "commons" | "donations", role: Role): Promise<string> {
  const id = await freshPreview(w, kind, role);
  const uploader: Role = ["facilitator", "admin", ...(kind === "donations" ? ["treasurer"] : [])].includes(
    role,
  )
    ? role
    : "facilitator";
  const url =
    kind === "commons"
      ? `/espaces/${w.assembly}/communs/import/${id}`
      : `/espaces/${w.chamber}/dons/import/${id}`;
  const confirmed = await w.visitors[uploader].request({
    method: "POST",
    url,
    payload: new URLSearchParams({ _csrf: w.csrf[uploader] }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(confirmed.statusCode, 303, `${kind} import confirmed`);
  return id;
}

async function freshTag(w: World): Promise<string> {
  const tag = await w.h.app.communs.tags.createTag(w.people.facilitator, w.assembly, {
    label: `Étiquette ${suffix()}`,
    family: w.family,
  });
  return tag.slug;
}

/** An image of a commons, uploaded through its page as a browser does (the service re-encodes it). */
async function uploadImage(w: World, commonsSlug: string): Promise<string> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
  const { payload, headers } = multipartBody(
    { _csrf: w.csrf.facilitator, alt: "Une image" },
    { image: { filename: "photo.png", type: "image/png", content: png } },
  );
  const url = `/espaces/${w.assembly}/communs/${commonsSlug}/images`;
  const response = await w.visitors.facilitator.request({ method: "POST", url, payload, headers });
  assert.equal(response.statusCode, 303, "image uploaded");
  const page = await w.visitors.facilitator.get(`/espaces/${w.assembly}/communs/${commonsSlug}`);
  const id = /\/images\/([0-9a-f-]{36})\/thumb/.exec(page.body)?.[1];
  assert.ok(id, "the record shows its image");
  return id;
}

/** A posted transfer of the chamber (a donation), for a correction to reverse. */
async function postedTransfer(w: World): Promise<string> {
  const donation = await buildDonation(w.h.app, w.chamber, w.people.treasurer, {
    amount: 1_000,
    donor: null,
  });
  return donation.transferId;
}

/** A donation of the chamber, for its page and its correction. */
async function freshDonation(w: World): Promise<string> {
  const donation = await buildDonation(w.h.app, w.chamber, w.people.treasurer, {
    amount: 1_000,
    donor: null,
  });
  return donation.id;
}

/** A member of the assembly who says they contribute to the fixture's commons, awaiting confirmation. */
async function pendingDeclaration(w: World): Promise<string> {
  const person = await buildMember(w.h.app, { slug: w.assembly, admin: w.people.admin });
  await w.h.app.communs.commons.declareCommoner(person, w.commons.id, "bénévole");
  return person.id;
}

async function pendingRequest(w: World): Promise<string> {
  const person = await buildPerson(w.h.app);
  await w.h.app.communs.spaces.join(person, w.chamber, { introduction: "Bonjour, je voudrais entrer." });
  const { pending } = await w.h.app.communs.spaces.members(w.people.admin, w.chamber);
  const row = pending.find((m) => m.personId === person.id);
  assert.ok(row);
  return row.id;
}

async function activeMember(w: World): Promise<string> {
  const person = await buildMember(w.h.app, { slug: w.chamber, admin: w.people.admin });
  const { active } = await w.h.app.communs.spaces.members(w.people.admin, w.chamber);
  const row = active.find((m) => m.personId === person.id);
  assert.ok(row);
  return row.id;
}

/** A notification of the role's person (an import finished), for the route that opens it. */
async function freshNotification(w: World, role: Role): Promise<string> {
  if (role === "anonymous") return "inconnue";
  const { notifications } = w.h.app.communs;
  await notifications.importFinished(w.people[role].id, w.assembly, "communs.csv", "/");
  const { items } = await notifications.list(w.people[role], 1, "fr");
  return items[0]?.id ?? "";
}

/** The path of a fresh unsubscribe link, as a donor's thank-you mail carries it. */
async function freshUnsubscribe(w: World): Promise<string> {
  const email = `donateur.${suffix()}@exemple.test`;
  const space = await w.h.app.communs.spaces.get(w.chamber);
  await w.h.app.communs.notifications.mailAddress({
    kind: "donation.thanked",
    spaceId: space.id,
    email,
    link: "/",
    params: { space: space.name, amount: 100, date: "2026-03-14" },
  });
  const mail = await lastMailTo(w.h.db, email);
  return /\/notifications\/desabonner\/\S+/.exec(mail?.body_text ?? "")?.[0] ?? "";
}

/** A meeting of the chamber, planned by its facilitator, for a route that changes it. */
async function freshMeeting(w: World): Promise<string> {
  const meeting = await w.h.app.communs.meetings.create(w.people.facilitator, w.chamber, {
    title: `Réunion ${suffix()}`,
    start: "2027-01-09T10:00",
    end: "2027-01-09T12:00",
  });
  return meeting.id;
}

/** An item of a fresh meeting: a proposed theme or a note of its minutes. */
async function freshItem(w: World, kind: "theme" | "note") {
  const { meetings } = w.h.app.communs;
  const meeting = await freshMeeting(w);
  const by = w.people.facilitator;
  const item =
    kind === "theme"
      ? await meetings.proposeTheme(by, w.chamber, meeting, { title: "Un thème" })
      : await meetings.addMinutes(by, w.chamber, meeting, { kind: "entry", text: "Une note" });
  return { meeting, item: item?.id ?? "" };
}

/** Rows of a meeting's routes: tried in the chamber (meetings exist in every space). */
const meetingRow = (rule: Action, call: Row["call"], target?: Row["target"]): Row => ({
  rule,
  space: "chamber",
  target,
  call,
});
const meetingPath = (w: World, rest = "") => `/espaces/${w.chamber}/reunions/${w.meeting}${rest}`;

/**
 * A proposal of the chamber by the member: open (consent, its days to come) or adopted at once (a
 * notice), for a route that decides or closes it.
 */
async function freshProposalNumber(w: World, mode: "consent" | "notice" = "consent"): Promise<number> {
  const proposal = await w.h.app.communs.decisions.propose(w.people.member, w.chamber, {
    title: `Proposition ${suffix()}`,
    body: "Un texte à décider.",
    mode,
  });
  return proposal.number;
}

/** An open objection of the member to the member's open proposal, for a page that resolves it. */
async function freshObjectionOnPage(w: World): Promise<string> {
  const { decisions } = w.h.app.communs;
  const id = await decisions.byNumber(w.chamber, w.proposalNumber);
  return decisions.object(w.people.member, id, { reason: "Une objection" });
}

const proposalPath = (w: World, rest = "", n = w.proposalNumber) =>
  `/espaces/${w.chamber}/decisions/${n}${rest}`;

const ROWS: Record<string, Row> = {
  "GET /": { rule: "open", call: () => ({ url: "/" }) },
  "GET /health": { rule: "open", call: () => ({ url: "/health" }) },
  "GET /favicon.ico": { rule: "open", call: () => ({ url: "/favicon.ico" }) },
  "GET /manifest.webmanifest": { rule: "open", call: () => ({ url: "/manifest.webmanifest" }) },
  "GET /api/v1/openapi.json": { rule: "open", call: () => ({ url: "/api/v1/openapi.json" }) },

  // Accounts
  "GET /inscription": { rule: "open", call: () => ({ url: "/inscription" }) },
  "POST /inscription": { rule: "open", call: () => ({ url: "/inscription", body: { email: "" } }) },
  "GET /connexion": { rule: "open", call: () => ({ url: "/connexion" }) },
  "POST /connexion": { rule: "open", call: () => ({ url: "/connexion", body: { email: "" } }) },
  "POST /deconnexion": {
    rule: "open",
    async call(w, role) {
      const visitor = new Visitor(w.h);
      if (role !== "anonymous") await visitor.login(w.people[role].email, PASSWORD);
      await visitor.get(role === "anonymous" ? "/connexion" : "/profil");
      return { url: "/deconnexion", browser: { visitor, csrf: visitor.csrfToken() } };
    },
  },
  "GET /mot-de-passe-oublie": { rule: "open", call: () => ({ url: "/mot-de-passe-oublie" }) },
  "POST /mot-de-passe-oublie": {
    rule: "open",
    call: () => ({ url: "/mot-de-passe-oublie", body: { email: "" } }),
  },
  "GET /confirmation/:secret": { rule: "open", call: () => ({ url: "/confirmation/inconnu" }) },
  "POST /confirmation/:secret": { rule: "open", call: () => ({ url: "/confirmation/inconnu" }) },
  "GET /reinitialisation/:secret": { rule: "open", call: () => ({ url: "/reinitialisation/inconnu" }) },
  "POST /reinitialisation/:secret": { rule: "open", call: () => ({ url: "/reinitialisation/inconnu" }) },
  "GET /profil": { rule: "signedIn", call: () => ({ url: "/profil" }) },
  "POST /profil": { rule: "signedIn", call: () => ({ url: "/profil", body: { displayName: "" } }) },
  "POST /profil/mot-de-passe": { rule: "signedIn", call: () => ({ url: "/profil/mot-de-passe", body: {} }) },
  "POST /profil/jetons": {
    rule: "signedIn",
    call: () => ({ url: "/profil/jetons", body: { name: "x".repeat(81) } }),
  },
  "POST /profil/jetons/:id/revoquer": {
    rule: "signedIn",
    async call(w, role) {
      if (role === "anonymous") return { url: "/profil/jetons/inconnu/revoquer" };
      const { id } = await w.h.app.communs.accounts.createToken(w.people[role], { name: "À révoquer" });
      return { url: `/profil/jetons/${id}/revoquer` };
    },
  },
  "GET /profil/donnees": { rule: "account.export", call: () => ({ url: "/profil/donnees" }) },
  "GET /profil/supprimer": { rule: "account.delete", call: () => ({ url: "/profil/supprimer" }) },
  // A wrong password: the form is refused (400) and nobody's account is deleted.
  "POST /profil/supprimer": {
    rule: "account.delete",
    call: () => ({ url: "/profil/supprimer", body: { current: "pas le mot de passe" } }),
  },
  "GET /api/v1/me": { rule: "signedIn", call: () => ({ url: "/api/v1/me" }) },

  // Notifications
  "GET /notifications": { rule: "notifications.read", call: () => ({ url: "/notifications" }) },
  "POST /notifications/tout-lu": {
    rule: "notifications.read",
    call: () => ({ url: "/notifications/tout-lu" }),
  },
  "GET /notifications/reglages": {
    rule: "notifications.read",
    call: () => ({ url: "/notifications/reglages" }),
  },
  "POST /notifications/reglages": {
    rule: "notifications.read",
    call: () => ({ url: "/notifications/reglages", body: {} }),
  },
  "POST /notifications/:id/ouvrir": {
    rule: "notifications.read",
    call: async (w, role) => ({ url: `/notifications/${await freshNotification(w, role)}/ouvrir` }),
  },
  "GET /notifications/desabonner/:secret": {
    rule: "notifications.unsubscribe",
    call: async (w) => ({ url: await freshUnsubscribe(w) }),
  },
  "POST /notifications/desabonner/:secret": {
    rule: "notifications.unsubscribe",
    call: async (w) => ({ url: await freshUnsubscribe(w) }),
  },

  // Spaces
  "GET /journal": { rule: "instance.readAudit", call: () => ({ url: "/journal" }) },
  "GET /taches-en-echec": { rule: "instance.manageJobs", call: () => ({ url: "/taches-en-echec" }) },
  "POST /taches-en-echec/:id/reessayer": {
    rule: "instance.manageJobs",
    async call(w) {
      const { jobs } = w.h.app.communs;
      const id = await jobs.enqueue(FAILING_JOB, {}, { maxAttempts: 1 });
      await jobs.idle([FAILING_JOB]);
      return { url: `/taches-en-echec/${id}/reessayer` };
    },
  },
  // The instance's lifecycle (a notice far ahead, so that the rest of the matrix stays writable)
  "GET /admin/cycle-de-vie": {
    rule: "instance.manageLifecycle",
    call: () => ({ url: "/admin/cycle-de-vie" }),
  },
  "POST /admin/cycle-de-vie": {
    rule: "instance.manageLifecycle",
    call: () => ({ url: "/admin/cycle-de-vie", body: { stage: "notice", startsOn: "2099-01-01" } }),
  },
  "GET /espaces/nouveau": { rule: "instance.createSpace", call: () => ({ url: "/espaces/nouveau" }) },
  "POST /espaces": { rule: "instance.createSpace", call: () => ({ url: "/espaces", body: { kind: "" } }) },
  "GET /api/v1/spaces": { rule: "open", call: () => ({ url: "/api/v1/spaces" }) },
  "POST /api/v1/spaces": {
    rule: "instance.createSpace",
    call: () => ({
      url: "/api/v1/spaces",
      body: { kind: "assembly", name: `Assemblée ${suffix()}`, territory: "T" },
    }),
  },
  "GET /espaces/:slug": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}` }),
  },
  "GET /api/v1/spaces/:slug": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/api/v1/spaces/${w.chamber}` }),
  },
  "GET /espaces/:slug/a-propos": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/a-propos` }),
  },
  "GET /espaces/:slug/modifier": {
    rule: "space.edit",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/modifier` }),
  },
  "POST /espaces/:slug/modifier": {
    rule: "space.edit",
    space: "chamber",
    // A refused form (no name) changes nothing: the answer (400 for those allowed) is all that matters.
    call: (w) => ({ url: `/espaces/${w.chamber}/modifier`, body: { name: "" } }),
  },
  "POST /espaces/:slug/logo": {
    rule: "space.edit",
    space: "chamber",
    call: (w) => ({
      url: `/espaces/${w.chamber}/logo`,
      files: { logo: { filename: "logo.png", type: "image/png", content: PNG } },
    }),
  },
  "GET /logos/:file": {
    rule: "open",
    async call(w) {
      const upload = path.join(tmpdir(), `logo-${suffix()}.png`);
      await sharp({ create: { width: 4, height: 4, channels: 3, background: "#1f6b3a" } }).toFile(upload);
      await w.h.app.communs.spaces.setLogo(w.people.admin, w.other, { file: upload, size: 1 });
      return { url: (await w.h.app.communs.spaces.get(w.other)).logo ?? "" };
    },
  },
  "GET /espaces/:slug/membres": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/membres` }),
  },
  "GET /espaces/:slug/journal": {
    rule: "space.readAudit",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/journal` }),
  },
  "POST /espaces/:slug/rejoindre": {
    rule: "space.join",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/rejoindre`, body: { introduction: "" } }),
  },
  "POST /api/v1/spaces/:slug/join": {
    rule: "space.join",
    space: "chamber",
    call: (w) => ({ url: `/api/v1/spaces/${w.chamber}/join`, body: {} }),
  },
  "POST /espaces/:slug/quitter": {
    rule: "space.leave",
    space: "chamber",
    // Leaving an assembly nobody needs: the answer (303, or 409 for a non-member) is all that matters.
    call: (w) => ({ url: `/espaces/${w.other}/quitter` }),
  },
  "POST /espaces/:slug/membres/:id/accepter": {
    rule: "space.manageMembers",
    space: "chamber",
    call: async (w) => ({ url: `/espaces/${w.chamber}/membres/${await pendingRequest(w)}/accepter` }),
  },
  "POST /espaces/:slug/membres/:id/decliner": {
    rule: "space.manageMembers",
    space: "chamber",
    call: async (w) => ({ url: `/espaces/${w.chamber}/membres/${await pendingRequest(w)}/decliner` }),
  },
  "POST /espaces/:slug/membres/:id/role": {
    rule: "space.manageMembers",
    space: "chamber",
    call: async (w) => ({
      url: `/espaces/${w.chamber}/membres/${await activeMember(w)}/role`,
      body: { role: "treasurer" },
    }),
  },

  // The directory of commons
  "GET /espaces/:slug/communs": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/communs`,
  })),
  "GET /api/v1/spaces/:slug/commons": directoryRow("commons.read", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/commons`,
  })),
  "GET /espaces/:slug/communs/:commons": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/communs/${w.commons.slug}`,
  })),
  "GET /api/v1/commons/:id": directoryRow("commons.read", (w) => ({
    url: `/api/v1/commons/${w.commons.id}`,
  })),
  "GET /espaces/:slug/communs/export/:format": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/communs/export/csv`,
  })),
  "GET /espaces/:slug/communs/carte.json": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/communs/carte.json`,
  })),
  "GET /espaces/:slug/communs/suggestions.json": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/communs/suggestions.json?q=commun`,
  })),
  "GET /espaces/:slug/carte": directoryRow("commons.read", (w) => ({ url: `/espaces/${w.assembly}/carte` })),
  "GET /embed/map": directoryRow("commons.read", (w) => ({ url: `/embed/map?espace=${w.assembly}` })),
  "GET /espaces/:slug/etiquettes": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/etiquettes`,
  })),
  "GET /espaces/:slug/etiquettes/:tag": directoryRow("commons.read", (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/${w.tag}`,
  })),
  "GET /api/v1/spaces/:slug/tags": directoryRow("commons.read", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/tags`,
  })),
  "GET /images/:image/:size": { rule: "open", call: (w) => ({ url: `/images/${w.image}/thumb` }) },
  "GET /espaces/:slug/communs/nouveau": directoryRow("commons.create", (w) => ({
    url: `/espaces/${w.assembly}/communs/nouveau`,
  })),
  "POST /espaces/:slug/communs": directoryRow("commons.create", (w) => ({
    url: `/espaces/${w.assembly}/communs`,
    body: { name: "" },
  })),
  "POST /api/v1/spaces/:slug/commons": directoryRow("commons.create", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/commons`,
    body: { name: `Commun ${suffix()}` },
  })),
  "GET /espaces/:slug/communs/:commons/modifier": directoryRow(
    "commons.edit",
    (w) => ({ url: `/espaces/${w.assembly}/communs/${w.commons.slug}/modifier` }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons": directoryRow(
    "commons.edit",
    (w) => ({ url: `/espaces/${w.assembly}/communs/${w.commons.slug}`, body: { name: "" } }),
    "commons",
  ),
  "PUT /api/v1/commons/:id": directoryRow(
    "commons.edit",
    (w) => ({ url: `/api/v1/commons/${w.commons.id}`, body: { name: "Jardin de la matrice" } }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/lies": directoryRow(
    "commons.edit",
    (w) => ({ url: `/espaces/${w.assembly}/communs/${w.commons.slug}/lies`, body: { other: "inconnu" } }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/lies/retirer": directoryRow(
    "commons.edit",
    (w) => ({ url: `/espaces/${w.assembly}/communs/${w.commons.slug}/lies/retirer?autre=inconnu` }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/images": directoryRow(
    "commons.edit",
    (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/images`,
      body: { alt: "Une image" },
      files: { image: { filename: "image.png", type: "image/png", content: PNG } },
    }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/images/:image/supprimer": directoryRow(
    "commons.edit",
    async (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/images/${await uploadImage(w, w.commons.slug)}/supprimer`,
    }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/commoners": directoryRow("commons.declareCommoner", (w) => ({
    url: `/espaces/${w.assembly}/communs/${w.commons.slug}/commoners`,
    body: { role: "jardinier" },
  })),
  // Anyone signed in may withdraw their own declaration (even after leaving the assembly).
  "POST /espaces/:slug/communs/:commons/commoners/retirer": {
    rule: "signedIn",
    call: (w) => ({ url: `/espaces/${w.assembly}/communs/${w.commons.slug}/commoners/retirer` }),
  },
  "POST /espaces/:slug/communs/:commons/commoners/:person/confirmer": directoryRow(
    "commons.edit",
    async (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/commoners/${await pendingDeclaration(w)}/confirmer`,
    }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/commoners/:person/refuser": directoryRow(
    "commons.edit",
    async (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/commoners/${await pendingDeclaration(w)}/refuser`,
    }),
    "commons",
  ),
  "POST /espaces/:slug/communs/:commons/chambres": {
    rule: "chamber.linkCommons",
    space: "chamber",
    call: (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/chambres`,
      body: { chamber: w.chamber },
    }),
  },
  "POST /espaces/:slug/communs/:commons/chambres/retirer": {
    rule: "chamber.linkCommons",
    space: "chamber",
    call: (w) => ({
      url: `/espaces/${w.assembly}/communs/${w.commons.slug}/chambres/retirer?chambre=${w.chamber}`,
    }),
  },
  "POST /espaces/:slug/communs/:commons/supprimer": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/communs/${(await freshCommons(w)).slug}/supprimer`,
  })),
  "DELETE /api/v1/commons/:id": directoryRow("commons.curate", async (w) => ({
    url: `/api/v1/commons/${(await freshCommons(w)).id}`,
  })),
  "GET /espaces/:slug/communs/:commons/fusionner": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/communs/${w.commons.slug}/fusionner?autre=${(await freshCommons(w)).slug}`,
  })),
  "POST /espaces/:slug/communs/:commons/fusionner": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/communs/${(await freshCommons(w)).slug}/fusionner`,
    body: { other: (await freshCommons(w)).slug },
  })),
  "GET /espaces/:slug/communs/adresses": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/adresses`,
  })),
  "POST /espaces/:slug/communs/adresses": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/adresses`,
    body: {},
  })),
  "GET /espaces/:slug/communs/types": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/types`,
  })),
  "POST /espaces/:slug/communs/types": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/types`,
    body: { "kinds.0.slug": "", "kinds.0.label": "" },
  })),
  "GET /espaces/:slug/communs/import": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/import`,
  })),
  "POST /espaces/:slug/communs/import": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/communs/import`,
    body: { format: "csv" },
    files: { file: { filename: "import.csv", type: "text/csv", content: CSV } },
  })),
  "GET /espaces/:slug/communs/import/:upload": directoryRow("commons.curate", async (w, role) => ({
    url: `/espaces/${w.assembly}/communs/import/${await confirmedImport(w, "commons", role)}`,
  })),
  "POST /espaces/:slug/communs/import/:upload": directoryRow("commons.curate", async (w, role) => ({
    url: `/espaces/${w.assembly}/communs/import/${await freshPreview(w, "commons", role)}`,
    body: { decision: "cancel" },
  })),
  "POST /espaces/:slug/communs/import/:upload/annuler": directoryRow("commons.curate", async (w, role) => ({
    url: `/espaces/${w.assembly}/communs/import/${await freshPreview(w, "commons", role)}/annuler`,
    body: {},
  })),
  "POST /espaces/:slug/etiquettes/familles": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/familles`,
    body: { name: "" },
  })),
  "POST /espaces/:slug/etiquettes/familles/:id": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/familles/${w.family}`,
    body: { name: "" },
  })),
  "POST /espaces/:slug/etiquettes": directoryRow("commons.curate", (w) => ({
    url: `/espaces/${w.assembly}/etiquettes`,
    body: { label: "" },
  })),
  "POST /espaces/:slug/etiquettes/:tag": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/${await freshTag(w)}`,
    body: { label: "" },
  })),
  "POST /espaces/:slug/etiquettes/:tag/fusionner": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/${await freshTag(w)}/fusionner`,
    body: { into: "inconnue" },
  })),
  "POST /espaces/:slug/etiquettes/:tag/supprimer": directoryRow("commons.curate", async (w) => ({
    url: `/espaces/${w.assembly}/etiquettes/${await freshTag(w)}/supprimer`,
    body: {},
  })),

  // A chamber's money
  "GET /espaces/:slug/transparence": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/espaces/${slug}/transparence`,
  })),
  "GET /espaces/:slug/transparence/mouvements-:year.csv": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/espaces/${slug}/transparence/mouvements-2026.csv`,
  })),
  "GET /api/v1/spaces/:slug/ledger/accounts": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/ledger/accounts`,
  })),
  "GET /api/v1/spaces/:slug/ledger/transfers": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/ledger/transfers`,
  })),
  "GET /espaces/:slug/comptabilite/fec": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/fec?annee=2026`,
  })),
  "GET /api/v1/spaces/:slug/ledger/fec": chamberRow("ledger.read", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/ledger/fec?year=2026`,
  })),
  // Without HelloAsso settings a notification is recorded, then refused: 503 is the handler's answer.
  "POST /api/v1/spaces/:slug/helloasso/notifications": {
    ...chamberRow("ledger.notify", (_w, _r, slug) => ({
      url: `/api/v1/spaces/${slug}/helloasso/notifications`,
      body: { eventType: "Payment", data: { id: 1 } },
    })),
    accepts: [503],
  },
  "GET /espaces/:slug/dons": chamberRow("ledger.book", (_w, _r, slug) => ({ url: `/espaces/${slug}/dons` })),
  "GET /espaces/:slug/dons/nouveau": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/dons/nouveau`,
  })),
  "POST /espaces/:slug/dons": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/dons`,
    body: { amount: "" },
  })),
  "POST /api/v1/spaces/:slug/donations": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/donations`,
    body: { amount: 1_000, date: "2026-03-14" },
    headers: { "idempotency-key": `matrice-${suffix()}` },
  })),
  "GET /espaces/:slug/dons/import": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/dons/import`,
  })),
  "POST /espaces/:slug/dons/import": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/dons/import`,
    body: { source: "bank" },
    files: { file: { filename: "dons.csv", type: "text/csv", content: "Date;Montant\n" } },
  })),
  "GET /espaces/:slug/dons/import/:upload": chamberRow("ledger.book", async (w, role, slug) => ({
    url: `/espaces/${slug}/dons/import/${await confirmedImport(w, "donations", role)}`,
  })),
  "POST /espaces/:slug/dons/import/:upload": chamberRow("ledger.book", async (w, role, slug) => ({
    url: `/espaces/${slug}/dons/import/${await freshPreview(w, "donations", role)}`,
    body: { decision: "cancel" },
  })),
  "POST /espaces/:slug/dons/import/:upload/annuler": chamberRow("ledger.book", async (w, role, slug) => ({
    url: `/espaces/${slug}/dons/import/${await freshPreview(w, "donations", role)}/annuler`,
    body: {},
  })),
  "GET /espaces/:slug/dons/:id": chamberRow("ledger.book", async (w, _r, slug) => ({
    url: `/espaces/${slug}/dons/${await freshDonation(w)}`,
  })),
  "POST /espaces/:slug/dons/:id/corriger": chamberRow("ledger.book", async (w, _r, slug) => ({
    url: `/espaces/${slug}/dons/${await freshDonation(w)}/corriger`,
    body: { amount: "" },
  })),
  "GET /espaces/:slug/comptabilite": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite`,
  })),
  "POST /espaces/:slug/comptabilite/enveloppes": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/enveloppes`,
    body: { label: "" },
  })),
  "POST /espaces/:slug/comptabilite/dotations": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/dotations`,
    body: { amount: "" },
  })),
  "POST /espaces/:slug/comptabilite/siren": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/siren`,
    body: { siren: "12" },
  })),
  "POST /espaces/:slug/comptabilite/cloture": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/cloture`,
    body: { year: "" },
  })),
  "GET /espaces/:slug/comptabilite/categories": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/categories`,
  })),
  "POST /espaces/:slug/comptabilite/categories": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/categories`,
    body: { categoryCode: "" },
  })),
  "POST /espaces/:slug/comptabilite/categories/:code": chamberRow("ledger.book", (_w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/categories/606`,
    body: { change: "rename", categoryLabel: "" },
  })),
  "GET /espaces/:slug/comptabilite/mouvements/:id": chamberRow("ledger.book", async (w, _r, slug) => ({
    url: `/espaces/${slug}/comptabilite/mouvements/${await postedTransfer(w)}`,
  })),
  "POST /espaces/:slug/comptabilite/mouvements/:id/contre-passer": chamberRow(
    "ledger.book",
    async (w, _r, slug) => ({
      url: `/espaces/${slug}/comptabilite/mouvements/${await postedTransfer(w)}/contre-passer`,
      body: { date: "2026-03-15" },
    }),
  ),
  "GET /espaces/:slug/notes-de-frais": chamberRow("claim.list", (_w, _r, slug) => ({
    url: `/espaces/${slug}/notes-de-frais`,
  })),
  "GET /api/v1/spaces/:slug/expense-claims": chamberRow("claim.list", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/expense-claims`,
  })),
  "GET /espaces/:slug/notes-de-frais/nouvelle": chamberRow("claim.submit", (_w, _r, slug) => ({
    url: `/espaces/${slug}/notes-de-frais/nouvelle`,
  })),
  "POST /espaces/:slug/notes-de-frais/nouvelle": chamberRow("claim.submit", (_w, _r, slug) => ({
    url: `/espaces/${slug}/notes-de-frais/nouvelle`,
    body: { title: "" },
    files: { receipt: { filename: "recu.png", type: "image/png", content: PNG } },
  })),
  "POST /api/v1/spaces/:slug/expense-claims": chamberRow("claim.submit", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/expense-claims`,
    body: { title: "Salle", amount: 12_000, date: "2026-03-14", account: "6132" },
  })),
  "GET /espaces/:slug/notes-de-frais/:claim": chamberRow(
    "claim.read",
    (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${w.claim.id}` }),
    "claim",
  ),
  "GET /api/v1/expense-claims/:id": {
    rule: "claim.read",
    space: "chamber",
    target: "claim",
    call: (w) => ({ url: `/api/v1/expense-claims/${w.claim.id}` }),
  },
  "GET /espaces/:slug/notes-de-frais/:claim/justificatifs/:receipt": chamberRow(
    "claim.read",
    (w, _r, slug) => ({
      url: `/espaces/${slug}/notes-de-frais/${w.claim.id}/justificatifs/${w.claim.receipt}`,
    }),
    "claim",
  ),
  "POST /espaces/:slug/notes-de-frais/:claim/justificatifs": chamberRow(
    "claim.read",
    async (w, _r, slug) => ({
      url: `/espaces/${slug}/notes-de-frais/${await freshClaim(w)}/justificatifs`,
      files: { receipt: { filename: "recu.png", type: "image/png", content: PNG } },
    }),
    "claim",
  ),
  "GET /espaces/:slug/notes-de-frais/:claim/modifier": chamberRow(
    "claim.edit",
    (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${w.claim.id}/modifier` }),
    "claim",
  ),
  "POST /espaces/:slug/notes-de-frais/:claim/modifier": chamberRow(
    "claim.edit",
    (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${w.claim.id}/modifier`, body: { title: "" } }),
    "claim",
  ),
  "POST /espaces/:slug/notes-de-frais/:claim/abandonner": chamberRow(
    "claim.edit",
    async (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${await freshClaim(w)}/abandonner` }),
    "claim",
  ),
  "POST /api/v1/expense-claims/:id/waive": {
    rule: "claim.edit",
    space: "chamber",
    target: "claim",
    call: async (w) => ({ url: `/api/v1/expense-claims/${await freshClaim(w)}/waive`, body: {} }),
  },
  "POST /espaces/:slug/notes-de-frais/:claim/approuver": chamberRow(
    "claim.decide",
    async (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${await freshClaim(w)}/approuver` }),
    "claim",
  ),
  "POST /api/v1/expense-claims/:id/approve": {
    rule: "claim.decide",
    space: "chamber",
    target: "claim",
    call: async (w) => ({ url: `/api/v1/expense-claims/${await freshClaim(w)}/approve`, body: {} }),
  },
  "POST /espaces/:slug/notes-de-frais/:claim/payer": chamberRow(
    "claim.decide",
    async (w, _r, slug) => ({ url: `/espaces/${slug}/notes-de-frais/${await freshClaim(w)}/payer` }),
    "claim",
  ),
  "POST /api/v1/expense-claims/:id/pay": {
    rule: "claim.decide",
    space: "chamber",
    target: "claim",
    call: async (w) => ({ url: `/api/v1/expense-claims/${await freshClaim(w)}/pay`, body: {} }),
  },
  "POST /espaces/:slug/notes-de-frais/:claim/rejeter": chamberRow(
    "claim.decide",
    async (w, _r, slug) => ({
      url: `/espaces/${slug}/notes-de-frais/${await freshClaim(w)}/rejeter`,
      body: { reason: "Hors budget" },
    }),
    "claim",
  ),
  "POST /api/v1/expense-claims/:id/reject": {
    rule: "claim.decide",
    space: "chamber",
    target: "claim",
    call: async (w) => ({
      url: `/api/v1/expense-claims/${await freshClaim(w)}/reject`,
      body: { reason: "Hors budget" },
    }),
  },
  // Meetings
  "GET /espaces/:slug/reunions": meetingRow("meeting.read", (w) => ({
    url: `/espaces/${w.chamber}/reunions`,
  })),
  "GET /espaces/:slug/reunions.ics": meetingRow("meeting.read", (w) => ({
    url: `/espaces/${w.chamber}/reunions.ics`,
  })),
  "GET /espaces/:slug/reunions/nouvelle": meetingRow("meeting.create", (w) => ({
    url: `/espaces/${w.chamber}/reunions/nouvelle`,
  })),
  "POST /espaces/:slug/reunions/nouvelle": meetingRow("meeting.create", (w) => ({
    url: `/espaces/${w.chamber}/reunions/nouvelle`,
    body: { title: "" },
  })),
  "GET /espaces/:slug/reunions/:meeting": meetingRow("meeting.read", (w) => ({ url: meetingPath(w) })),
  "GET /espaces/:slug/reunions/:meeting/reunion.ics": meetingRow("meeting.read", (w) => ({
    url: meetingPath(w, "/reunion.ics"),
  })),
  "GET /espaces/:slug/reunions/:meeting/modifier": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/modifier") }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/modifier": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/modifier"), body: { title: "" } }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/annuler": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/annuler"), body: { reason: "" } }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/exceptions": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/exceptions"), body: { occurrence: "" } }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/ordre-du-jour": meetingRow("meeting.propose", (w) => ({
    url: meetingPath(w, "/ordre-du-jour"),
    body: { title: "" },
  })),
  "POST /espaces/:slug/reunions/:meeting/ordre-du-jour/:item/:move": meetingRow(
    "meeting.run",
    async (w) => {
      const { meeting, item } = await freshItem(w, "theme");
      return { url: `/espaces/${w.chamber}/reunions/${meeting}/ordre-du-jour/${item}/ecarter` };
    },
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/presence": meetingRow("meeting.attend", (w) => ({
    url: meetingPath(w, "/presence"),
    body: { answer: "peut-être pas" },
  })),
  "POST /espaces/:slug/reunions/:meeting/presences": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/presences"), body: {} }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/invites": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/invites"), body: { name: "" } }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/compte-rendu": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/compte-rendu"), body: { kind: "entry", text: "" } }),
    "meeting",
  ),
  "GET /espaces/:slug/reunions/:meeting/compte-rendu.md": meetingRow("meeting.read", (w) => ({
    url: meetingPath(w, "/compte-rendu.md"),
  })),
  "GET /espaces/:slug/reunions/:meeting/compte-rendu/:item": meetingRow(
    "meeting.run",
    async (w) => {
      const { meeting, item } = await freshItem(w, "note");
      return { url: `/espaces/${w.chamber}/reunions/${meeting}/compte-rendu/${item}` };
    },
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/compte-rendu/:item": meetingRow(
    "meeting.run",
    async (w) => {
      const { meeting, item } = await freshItem(w, "note");
      return { url: `/espaces/${w.chamber}/reunions/${meeting}/compte-rendu/${item}`, body: { text: "" } };
    },
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/compte-rendu/:item/supprimer": meetingRow(
    "meeting.run",
    async (w) => {
      const { meeting, item } = await freshItem(w, "note");
      return { url: `/espaces/${w.chamber}/reunions/${meeting}/compte-rendu/${item}/supprimer` };
    },
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/publier": meetingRow(
    "meeting.run",
    async (w) => {
      const { meeting } = await freshItem(w, "note");
      return { url: `/espaces/${w.chamber}/reunions/${meeting}/publier` };
    },
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/corrections": meetingRow("meeting.correct", (w) => ({
    url: meetingPath(w, "/corrections"),
    body: { text: "" },
  })),
  "GET /espaces/:slug/reunions/:meeting/imprimer": meetingRow("meeting.read", (w) => ({
    url: meetingPath(w, "/imprimer"),
  })),
  "GET /espaces/:slug/reunions/:meeting/pad": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/pad") }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/pad": meetingRow(
    "meeting.run",
    (w) => ({
      url: meetingPath(w, "/pad"),
      body: { url: "" },
      files: { file: { filename: "pad.txt", type: "text/plain", content: "" } },
    }),
    "meeting",
  ),
  "POST /espaces/:slug/reunions/:meeting/pad/enregistrer": meetingRow(
    "meeting.run",
    (w) => ({ url: meetingPath(w, "/pad/enregistrer"), body: { text: "" } }),
    "meeting",
  ),
  "GET /api/v1/spaces/:slug/meetings": meetingRow("meeting.read", (w) => ({
    url: `/api/v1/spaces/${w.chamber}/meetings`,
  })),
  "POST /api/v1/spaces/:slug/meetings": meetingRow("meeting.create", (w) => ({
    url: `/api/v1/spaces/${w.chamber}/meetings`,
    body: { title: "Par l’API", start: "2027-01-09T10:00", end: "2027-01-09T12:00" },
  })),
  "GET /api/v1/spaces/:slug/meetings/:id": meetingRow("meeting.read", (w) => ({
    url: `/api/v1/spaces/${w.chamber}/meetings/${w.meeting}`,
  })),
  "POST /api/v1/spaces/:slug/meetings/:id/pad": meetingRow(
    "meeting.run",
    (w) => ({
      url: `/api/v1/spaces/${w.chamber}/meetings/${w.meeting}/pad?dryRun=true`,
      body: { text: "10h36 : tour de présentation" },
    }),
    "meeting",
  ),

  // A space's public activity
  "GET /espaces/:slug/activite": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/activite` }),
  },
  "GET /espaces/:slug/activite.atom": {
    rule: "space.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/activite.atom` }),
  },

  // A space's task board
  "GET /espaces/:slug/taches": taskRow("task.read", (w) => ({ url: `/espaces/${w.assembly}/taches` })),
  "GET /espaces/:slug/taches/nouvelle": taskRow("task.create", (w) => ({
    url: `/espaces/${w.assembly}/taches/nouvelle`,
  })),
  // A refused form (no title) writes nothing: the answer (400 for those allowed) is all that matters.
  "POST /espaces/:slug/taches/nouvelle": taskRow("task.create", (w) => ({
    url: `/espaces/${w.assembly}/taches/nouvelle`,
    body: { title: "" },
  })),
  "GET /espaces/:slug/taches/groupes": taskRow("task.manageGroups", (w) => ({
    url: `/espaces/${w.assembly}/taches/groupes`,
  })),
  "POST /espaces/:slug/taches/groupes": taskRow("task.manageGroups", (w) => ({
    url: `/espaces/${w.assembly}/taches/groupes`,
    body: { action: "create", name: "" },
  })),
  "GET /espaces/:slug/taches/:task": taskRow("task.read", (w) => ({
    url: `/espaces/${w.assembly}/taches/${w.task}`,
  })),
  "GET /espaces/:slug/taches/:task/modifier": taskRow(
    "task.edit",
    (w) => ({ url: `/espaces/${w.assembly}/taches/${w.task}/modifier` }),
    "task",
  ),
  "POST /espaces/:slug/taches/:task/modifier": taskRow(
    "task.edit",
    (w) => ({ url: `/espaces/${w.assembly}/taches/${w.task}/modifier`, body: { title: "" } }),
    "task",
  ),
  "POST /espaces/:slug/taches/:task/prendre": taskRow("task.take", async (w) => ({
    url: `/espaces/${w.assembly}/taches/${await freshTask(w, w.assembly, { open: true })}/prendre`,
  })),
  "POST /espaces/:slug/taches/:task/lacher": taskRow(
    "task.release",
    async (w) => ({ url: `/espaces/${w.assembly}/taches/${await freshTask(w, w.assembly)}/lacher` }),
    "task",
  ),
  "POST /espaces/:slug/taches/:task/terminer": taskRow(
    "task.finish",
    async (w) => ({ url: `/espaces/${w.assembly}/taches/${await freshTask(w, w.assembly)}/terminer` }),
    "task",
  ),
  // No reason given: refused (400) for those allowed, and the task stays as it is.
  "POST /espaces/:slug/taches/:task/abandonner": taskRow(
    "task.drop",
    (w) => ({ url: `/espaces/${w.assembly}/taches/${w.task}/abandonner`, body: { reason: "" } }),
    "task",
  ),
  // Money: only a chamber's task has an expense to claim; the member took it.
  "POST /espaces/:slug/taches/:task/depense": chamberRow(
    "task.claimExpense",
    async (w, _r, slug) => ({
      url: `/espaces/${slug}/taches/${await freshTask(w, slug, slug === w.chamber ? { expense: 2_000 } : {})}/depense`,
      body: { amount: "20", date: "2026-03-14", account: "6132" },
    }),
    "task",
  ),
  "GET /api/v1/spaces/:slug/tasks": taskRow("task.read", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/tasks`,
  })),
  "POST /api/v1/spaces/:slug/tasks": taskRow("task.create", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/tasks`,
    body: { title: `Tâche ${suffix()}` },
  })),
  "GET /api/v1/tasks/:id": taskRow("task.read", (w) => ({ url: `/api/v1/tasks/${w.task}` })),
  "POST /api/v1/tasks/:id/take": taskRow("task.take", async (w) => ({
    url: `/api/v1/tasks/${await freshTask(w, w.assembly, { open: true })}/take`,
  })),
  "POST /api/v1/tasks/:id/release": taskRow(
    "task.release",
    async (w) => ({ url: `/api/v1/tasks/${await freshTask(w, w.assembly)}/release` }),
    "task",
  ),
  "POST /api/v1/tasks/:id/done": taskRow(
    "task.finish",
    async (w) => ({ url: `/api/v1/tasks/${await freshTask(w, w.assembly)}/done` }),
    "task",
  ),

  // Decisions (JSON API): proposals of the chamber, the member's unless said otherwise
  "POST /api/v1/spaces/:slug/proposals": decisionRow("proposal.create", (w) => ({
    url: `/api/v1/spaces/${w.chamber}/proposals`,
    body: { title: `Par l’API ${suffix()}`, body: "Un texte." },
  })),
  "GET /api/v1/spaces/:slug/proposals": {
    rule: "open",
    call: (w) => ({ url: `/api/v1/spaces/${w.chamber}/proposals?status=all` }),
  },
  "GET /api/v1/proposals/:id": { rule: "open", call: (w) => ({ url: `/api/v1/proposals/${w.proposal}` }) },
  "POST /api/v1/proposals/:id/objections": decisionRow(
    "proposal.answer",
    (w) => ({ url: `/api/v1/proposals/${w.proposal}/objections`, body: { reason: "Une raison." } }),
    "proposal",
  ),
  "POST /api/v1/proposals/:id/amend": decisionRow(
    "proposal.amend",
    (w) => ({ url: `/api/v1/proposals/${w.proposal}/amend`, body: { body: `Version ${suffix()}` } }),
    "proposal",
  ),
  "POST /api/v1/proposals/:id/positions": decisionRow(
    "proposal.answer",
    (w) => ({ url: `/api/v1/proposals/${w.consensus}/positions`, body: { position: "agree" } }),
    "proposal",
  ),
  "POST /api/v1/proposals/:id/withdraw": decisionRow(
    "proposal.amend",
    async (w) => ({ url: `/api/v1/proposals/${await freshProposal(w)}/withdraw`, body: {} }),
    "proposal",
  ),
  "POST /api/v1/proposals/:id/comments": decisionRow(
    "proposal.discuss",
    (w) => ({
      url: `/api/v1/proposals/${w.proposal}/comments`,
      body: { kind: "question", text: "Pourquoi ?" },
    }),
    "proposal",
  ),
  "POST /api/v1/objections/:id/withdraw": decisionRow(
    "objection.resolve",
    async (w) => ({ url: `/api/v1/objections/${await freshObjection(w)}/withdraw`, body: {} }),
    "objection",
  ),
  "POST /api/v1/objections/:id/accept": decisionRow(
    "objection.resolve",
    async (w) => ({ url: `/api/v1/objections/${await freshObjection(w, true)}/accept`, body: {} }),
    "objection",
  ),
  "POST /api/v1/objections/:id/invalidate": decisionRow("proposal.facilitate", async (w) => ({
    url: `/api/v1/objections/${await freshObjection(w)}/invalidate`,
    body: { reason: "Pas un tort fait à la chambre." },
  })),
  "GET /api/v1/spaces/:slug/members": {
    rule: "signedIn",
    call: (w) => ({ url: `/api/v1/spaces/${w.chamber}/members` }),
  },
  "GET /api/v1/spaces/:slug/requests": decisionRow("space.manageMembers", (w) => ({
    url: `/api/v1/spaces/${w.chamber}/requests`,
  })),
  // A co-opting chamber: those who may manage members are answered 409 ADMISSION_BY_CONSENT.
  "POST /api/v1/spaces/:slug/requests/:id/accept": decisionRow("space.manageMembers", async (w) => ({
    url: `/api/v1/spaces/${w.chamber}/requests/${await pendingRequest(w)}/accept`,
    body: {},
  })),
  "POST /api/v1/spaces/:slug/requests/:id/decline": decisionRow("space.manageMembers", async (w) => ({
    url: `/api/v1/spaces/${w.chamber}/requests/${await pendingRequest(w)}/decline`,
    body: {},
  })),
  "POST /api/v1/spaces/:slug/fork": chamberRow("space.fork", (_w, _r, slug) => ({
    url: `/api/v1/spaces/${slug}/fork`,
    body: { name: `Fork ${suffix()}` },
  })),
  "GET /api/v1/spaces/:slug/social-code": {
    rule: "open",
    call: (w) => ({ url: `/api/v1/spaces/${w.chamber}/social-code` }),
  },
  // A space's social code and rules, the proposals that change them, forks (refused forms write nothing)
  "GET /espaces/:slug/code-social": {
    rule: "socialCode.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/code-social` }),
  },
  "GET /espaces/:slug/code-social/diff": {
    rule: "socialCode.read",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/code-social/diff?de=1&a=1` }),
  },
  "GET /espaces/:slug/code-social/proposer": {
    rule: "proposal.create",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/code-social/proposer` }),
  },
  "POST /espaces/:slug/code-social/proposer": {
    rule: "proposal.create",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/code-social/proposer`, body: { title: "" } }),
  },
  "GET /espaces/:slug/regles/proposer": {
    rule: "proposal.create",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/regles/proposer` }),
  },
  "POST /espaces/:slug/regles/proposer": {
    rule: "proposal.create",
    space: "chamber",
    call: (w) => ({ url: `/espaces/${w.chamber}/regles/proposer`, body: { title: "" } }),
  },
  "GET /espaces/:slug/bifurquer": chamberRow("space.fork", (_w, _r, slug) => ({
    url: `/espaces/${slug}/bifurquer`,
  })),
  "POST /espaces/:slug/bifurquer": chamberRow("space.fork", (_w, _r, slug) => ({
    url: `/espaces/${slug}/bifurquer`,
    body: { name: "" },
  })),
  "GET /espaces/:slug/famille": {
    rule: "open",
    call: (w) => ({ url: `/espaces/${w.chamber}/famille` }),
  },
  // Decisions: the register, proposals and their rounds. A refused answer of the round (409: a consent
  // proposal takes no position, an objection not yet offered for integration) still ran the handler.
  "GET /espaces/:slug/decisions": decisionRow("proposal.read", (w) => ({
    url: `/espaces/${w.chamber}/decisions`,
  })),
  "GET /espaces/:slug/decisions/nouvelle": decisionRow("proposal.create", (w) => ({
    url: `/espaces/${w.chamber}/decisions/nouvelle`,
  })),
  // No title: refused (400) for those allowed, and nothing written.
  "POST /espaces/:slug/decisions": decisionRow("proposal.create", (w) => ({
    url: `/espaces/${w.chamber}/decisions`,
    body: { title: "", body: "Un texte" },
  })),
  "GET /espaces/:slug/decisions/:number": decisionRow("proposal.read", (w) => ({ url: proposalPath(w) })),
  "GET /espaces/:slug/decisions/:number/versions": decisionRow("proposal.read", (w) => ({
    url: proposalPath(w, "/versions"),
  })),
  "POST /espaces/:slug/decisions/:number/questions": decisionRow(
    "proposal.discuss",
    (w) => ({ url: proposalPath(w, "/questions"), body: { kind: "question", text: "Une question" } }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/objections": decisionRow(
    "proposal.answer",
    (w) => ({ url: proposalPath(w, "/objections"), body: { reason: "Une objection" } }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/amender": decisionRow(
    "proposal.amend",
    (w) => ({ url: proposalPath(w, "/amender"), body: { body: `Un texte amendé ${suffix()}` } }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/position": decisionRow(
    "proposal.answer",
    (w) => ({ url: proposalPath(w, "/position"), body: { position: "agree" } }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/retirer": decisionRow(
    "proposal.amend",
    async (w) => ({ url: proposalPath(w, "/retirer", await freshProposalNumber(w)) }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/avancer": decisionRow(
    "proposal.facilitate",
    (w) => ({ url: proposalPath(w, "/avancer") }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/revue": decisionRow(
    "proposal.facilitate",
    async (w) => ({
      url: proposalPath(w, "/revue", await freshProposalNumber(w, "notice")),
      body: { how: "renew" },
    }),
    "proposal",
  ),
  "GET /espaces/:slug/decisions/:number/reunion": decisionRow(
    "proposal.facilitate",
    (w) => ({ url: proposalPath(w, "/reunion") }),
    "proposal",
  ),
  // No meeting named: refused (400) for those allowed, and the proposal stays open.
  "POST /espaces/:slug/decisions/:number/reunion": decisionRow(
    "proposal.facilitate",
    (w) => ({ url: proposalPath(w, "/reunion"), body: { meeting: "" } }),
    "proposal",
  ),
  "POST /espaces/:slug/decisions/:number/objections/:objection/retirer": decisionRow(
    "objection.resolve",
    async (w) => ({ url: proposalPath(w, `/objections/${await freshObjectionOnPage(w)}/retirer`) }),
    "objection",
  ),
  "POST /espaces/:slug/decisions/:number/objections/:objection/integrer": decisionRow(
    "objection.resolve",
    async (w) => ({ url: proposalPath(w, `/objections/${await freshObjectionOnPage(w)}/integrer`) }),
    "objection",
  ),
  "POST /espaces/:slug/decisions/:number/objections/:objection/invalider": decisionRow(
    "proposal.facilitate",
    async (w) => ({
      url: proposalPath(w, `/objections/${await freshObjectionOnPage(w)}/invalider`),
      body: { reason: "Une préférence, pas un tort" },
    }),
    "proposal",
  ),
  // Wiki pages: read by anyone, written by the space's members. The instance's wiki (at /wiki and
  // MediaWiki's old index.php) is the assembly's.
  "GET /espaces/:slug/wiki": wikiRow("open", (w) => ({ url: `/espaces/${w.assembly}/wiki` })),
  "GET /espaces/:slug/wiki/*": wikiRow("open", (w) => ({
    url: `/espaces/${w.assembly}/wiki/Sp%C3%A9cial:Modifications_r%C3%A9centes`,
  })),
  "POST /espaces/:slug/wiki/*": wikiRow("page.edit", (w) => ({
    url: `/espaces/${w.assembly}/wiki/Sp%C3%A9cial:Modifier/Matrice_${suffix()}`,
    body: { text: "Une page de la matrice.", base: "" },
  })),
  "GET /wiki": wikiRow("open", async (w) => ({ url: await atRoot(w, "/wiki") })),
  "GET /wiki/*": wikiRow("open", async (w) => ({
    url: await atRoot(w, "/wiki/Sp%C3%A9cial:Cat%C3%A9gories"),
  })),
  "POST /wiki/*": wikiRow("page.edit", async (w) => ({
    url: await atRoot(w, `/wiki/Sp%C3%A9cial:Modifier/Matrice_${suffix()}`),
    body: { text: "Une page de la matrice.", base: "" },
  })),
  "GET /index.php": wikiRow("open", async (w) => ({
    url: await atRoot(w, "/index.php?title=Accueil&action=history"),
  })),
  "GET /api/v1/spaces/:slug/pages": wikiRow("open", (w) => ({ url: `/api/v1/spaces/${w.assembly}/pages` })),
  "POST /api/v1/spaces/:slug/pages": wikiRow("page.edit", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/pages`,
    body: { title: `Matrice ${suffix()}`, text: "Une page de la matrice." },
  })),
  "PUT /api/v1/spaces/:slug/pages": wikiRow("page.edit", (w) => ({
    url: `/api/v1/spaces/${w.assembly}/pages?title=Matrice`,
    body: { text: `Une version ${suffix()}.` },
  })),
};

/** A wiki's row: tried on the assembly, where members write. */
function wikiRow(rule: Action | "open", call: Row["call"]): Row {
  return { rule, space: "assembly", call };
}

/** Makes the assembly the instance's wiki (once), for the addresses at the root. */
async function atRoot(w: World, url: string): Promise<string> {
  const { pages } = w.h.app.communs;
  if ((await pages.rootSlug()) !== w.assembly)
    await pages.placeAtRoot((await pages.wiki(undefined, w.assembly)).spaceId, "/wiki");
  return url;
}

/** Fastify's own form of a route with a constrained parameter, as our rows name it. */
function routeKey(method: string, url: string): string {
  return `${method} ${url.replace(/\(.*?\)(?=\/|$)/g, "")}`;
}

/** The refusal the policy predicts for a role on a row (null: allowed). */
function predict(w: World, row: Row, role: Role, onAssembly: boolean): Refusal | null {
  const actor: Actor | undefined =
    role === "anonymous" ? undefined : { id: w.people[role].id, isAdmin: w.people[role].isAdmin };
  if (row.rule === "open") return null;
  if (row.rule === "signedIn") return actor ? null : "UNAUTHENTICATED";
  const kind = onAssembly ? "assembly" : (row.space ?? "assembly");
  const membership = row.space ? w.memberships[role][onAssembly ? "assembly" : row.space] : undefined;
  return refusal(actor, row.rule, {
    space: row.space ? { kind } : undefined,
    membership,
    commons:
      row.target === "commons" ? { createdBy: w.people.facilitator.id, confirmedCommoner: false } : undefined,
    claim: row.target === "claim" ? { authorId: w.people.member.id } : undefined,
    meeting: row.target === "meeting" ? { createdBy: w.people.facilitator.id } : undefined,
    task:
      row.target === "task"
        ? { volunteerIds: [w.people.member.id], createdBy: w.people.treasurer.id }
        : undefined,
    proposal:
      row.target === "proposal" || row.target === "objection"
        ? { proposerId: w.people.member.id, participants: "members", class: "general" }
        : undefined,
    objection: row.target === "objection" ? { authorId: w.people.member.id } : undefined,
  });
}

async function send(w: World, role: Role, method: string, call: Call): Promise<LightMyRequestResponse> {
  const visitor = call.browser?.visitor ?? w.visitors[role];
  const api = call.url.startsWith("/api/");
  if (api) {
    const token = w.tokens[role];
    return w.h.app.inject({
      method: method as "GET",
      url: call.url,
      headers: { ...call.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(method === "GET" ? {} : { payload: (call.body ?? {}) as Record<string, string> }),
    });
  }
  if (method === "GET") return visitor.get(call.url);
  // A form as the browser sends it: with the CSRF token of a page the visitor read.
  const fields = Object.fromEntries(
    Object.entries({ ...call.body, _csrf: call.browser?.csrf ?? w.csrf[role] }).map(([k, v]) => [
      k,
      String(v),
    ]),
  );
  if (call.files) {
    const { payload, headers } = multipartBody(fields, call.files);
    return visitor.request({ method: "POST", url: call.url, payload, headers });
  }
  return visitor.request({
    method: "POST",
    url: call.url,
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

function expected(refused: Refusal | null, method: string, url: string): string {
  if (refused === null) return "allowed";
  if (refused === "UNAUTHENTICATED") return url.startsWith("/api/") || method !== "GET" ? "401" : "303 login";
  return refused === "FORBIDDEN" ? "403" : "404";
}

function observed(response: LightMyRequestResponse, accepts: number[] = []): string {
  const status = response.statusCode;
  if (accepts.includes(status)) return "allowed";
  if (status === 303 && String(response.headers.location ?? "").startsWith("/connexion?suite="))
    return "303 login";
  if ([401, 403, 404].includes(status) || status >= 500) return String(status);
  return "allowed";
}

for (const dialect of testDialects()) {
  describe(`authorization matrix: every route × seven visitors [${dialect.name}]`, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "communs-matrix-"));
    const h = useApp(dialect, { dataDir });
    after(() => rmSync(dataDir, { recursive: true, force: true }));
    let w: World;

    before(async () => {
      const app = h.app;
      app.communs.jobs.register(FAILING_JOB, async () => {
        throw new Error("toujours en échec");
      });
      const operator = await buildAdmin(app, "Opératrice");
      const assembly = await buildAssembly(app, { by: operator });
      const chamber = await buildChamber(app, { by: operator, assembly: assembly.slug });
      const other = await buildChamber(app, { by: operator });
      const people = {
        stranger: await buildPerson(app, { name: "Sans Espace" }),
        member: await buildMember(app, assembly, "member", { name: "Mia Membre" }),
        facilitator: await buildMember(app, assembly, "facilitator", { name: "Fanny Facilitatrice" }),
        treasurer: await buildMember(app, assembly, "member", { name: "Tess Trésorière" }),
        admin: await buildAdmin(app, "Adèle Admin"),
        otherChamber: await buildMember(app, other, "member", { name: "Oscar Ailleurs" }),
      };
      await admit(app, operator, chamber.slug, people.member, "member");
      await admit(app, operator, chamber.slug, people.facilitator, "facilitator");
      await admit(app, operator, chamber.slug, people.treasurer, "treasurer");
      const active = (role: string) => ({ role, status: "active" });
      const memberships: World["memberships"] = {
        anonymous: {},
        stranger: {},
        member: { assembly: active("member"), chamber: active("member") },
        facilitator: { assembly: active("facilitator"), chamber: active("facilitator") },
        treasurer: { assembly: active("member"), chamber: active("treasurer") },
        admin: {},
        otherChamber: {},
      };
      const visitors = { anonymous: new Visitor(h) } as Record<Role, Visitor>;
      const csrf = {} as Record<Role, string>;
      await visitors.anonymous.get("/connexion");
      csrf.anonymous = visitors.anonymous.csrfToken();
      const tokens = { anonymous: undefined } as Record<Role, string | undefined>;
      for (const [role, person] of Object.entries(people) as [Exclude<Role, "anonymous">, Person][]) {
        visitors[role] = new Visitor(h);
        const login = await visitors[role].login(person.email, PASSWORD);
        assert.equal(login.statusCode, 303, `${role} logs in`);
        await visitors[role].get("/profil");
        csrf[role] = visitors[role].csrfToken();
        tokens[role] = await buildToken(app, person);
      }
      const commons = await buildCommons(app, assembly.slug, people.facilitator, {
        name: "Jardin de la matrice",
      });
      const { tags } = app.communs;
      const family = await tags.createFamily(people.facilitator, assembly.slug, { name: "Thèmes" });
      const tag = await tags.createTag(people.facilitator, assembly.slug, {
        label: "Vélo",
        family: family.id,
      });
      w = {
        h,
        assembly: assembly.slug,
        chamber: chamber.slug,
        other: other.slug,
        people,
        memberships,
        visitors,
        csrf,
        tokens,
        commons: { id: commons.id, slug: commons.slug },
        tag: tag.slug,
        family: family.id,
        image: "",
        claim: { id: "", receipt: "" },
        meeting: "",
        task: "",
        proposal: "",
        consensus: "",
        proposalNumber: 0,
      };
      w.meeting = await freshMeeting(w);
      w.task = await freshTask(w, assembly.slug);
      w.proposal = await freshProposal(w);
      w.consensus = await freshProposal(w, { mode: "consensus" });
      w.proposalNumber = await freshProposalNumber(w);
      const claimId = await freshClaim(w);
      const receipt = await app.communs.claims.addReceipt(
        people.member,
        claimId,
        await receiptUpload(app.communs.config.dataDir),
      );
      w.claim = { id: claimId, receipt: receipt.id };
      w.image = await uploadImage(w, commons.slug);
      await app.communs.treasury.setSiren(operator, chamber.slug, "732829320");
    });

    it("has a row for every registered route, and no row for a route that is gone", () => {
      const registered = new Set(
        h.app.registeredRoutes
          .filter((r) => r.method !== "HEAD" && !r.url.startsWith("/assets/"))
          .map((r) => routeKey(r.method, r.url)),
      );
      const missing = [...registered].filter((key) => !ROWS[key]);
      assert.deepEqual(missing, [], "routes without a row in the authorization matrix");
      const stale = Object.keys(ROWS).filter((key) => !registered.has(key));
      assert.deepEqual(stale, [], "rows for routes that are not registered");
    });

    it("answers each visitor of each route as the policy predicts", async () => {
      const mismatches: string[] = [];
      for (const [key, row] of Object.entries(ROWS)) {
        const [method = "GET"] = key.split(" ");
        const targets = row.chamberOnly ? [w.chamber, w.assembly] : [undefined];
        for (const slug of targets) {
          for (const role of ROLES) {
            const call = await row.call(w, role, slug ?? w.chamber);
            const response = await send(w, role, method, call);
            const want = expected(predict(w, row, role, slug === w.assembly), method, call.url);
            const got = observed(response, row.accepts);
            if (want !== got)
              mismatches.push(
                `${key} as ${role}${slug === w.assembly ? " on the assembly" : ""}: policy says ${want}, answered ${response.statusCode} ${got}`,
              );
          }
        }
      }
      assert.deepEqual(mismatches, []);
    });
  });
}

/** A receipt as the upload layer hands it to the service: a file on disk. */
async function receiptUpload(dataDir: string) {
  const folder = path.join(dataDir, "uploads");
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `matrice-${suffix()}`);
  await writeFile(file, PNG);
  return { file, filename: "recu.png", mimetype: "image/png", size: PNG.length };
}
