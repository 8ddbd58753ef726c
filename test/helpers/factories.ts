/**
 * Test data built through the services, as people make it: a person, an assembly, a chamber with its
 * treasurer, a commons, a donation. Tests call these instead of spelling out the set-up; every
 * argument has a default, so a test names only what it is about.
 */
import assert from "node:assert/strict";
import { DomainError } from "../../src/core/errors.ts";
import type { Actor } from "../../src/core/policy.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import type { DonationInput } from "../../src/modules/donations/service.ts";
import type { Services } from "../../src/services.ts";
import { type Harness, Visitor } from "./app.ts";
import { admit } from "./spaces.ts";
import { setDoocracyCap } from "./tasks.ts";

/** Anything that carries the services: a harness's app, or the app itself. */
type WithServices = { communs: Services };

export const PASSWORD = "un mot de passe solide";

let counter = 0;
function unique(): number {
  counter += 1;
  return counter;
}

/** A fresh slug-safe suffix, unique within the run. */
export function suffix(): string {
  return `${process.pid}-${unique()}`;
}

/** An account opened by the operator (confirmed at once). */
export async function buildPerson(
  app: WithServices,
  options: { name?: string; email?: string; admin?: boolean; password?: string } = {},
): Promise<Person> {
  const name = options.name ?? `Personne ${unique()}`;
  const email = options.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${suffix()}@exemple.test`;
  return app.communs.accounts.createByOperator({
    email,
    displayName: name,
    password: options.password ?? PASSWORD,
    admin: options.admin ?? false,
  });
}

/** An instance administrator: the one who creates spaces. */
export function buildAdmin(app: WithServices, name = "Administratrice"): Promise<Person> {
  return buildPerson(app, { name, admin: true });
}

/** A browser signed in as a person the factories built. */
export async function signIn(h: Harness, person: Person, password = PASSWORD): Promise<Visitor> {
  const visitor = new Visitor(h);
  const response = await visitor.login(person.email, password);
  if (response.statusCode !== 303) throw new Error(`${person.displayName} could not sign in`);
  return visitor;
}

/** An API token of a person, as the profile page hands it out. */
export async function buildToken(app: WithServices, person: Person): Promise<string> {
  return (await app.communs.accounts.createToken(person, { name: `jeton-${suffix()}` })).token;
}

type Role = "member" | "facilitator" | "treasurer";

/** An assembly of the commons (open, territorial), created by an administrator who facilitates it. */
export async function buildAssembly(
  app: WithServices,
  options: { by?: Actor; slug?: string; name?: string; territory?: string; summary?: string } = {},
) {
  const by = options.by ?? (await buildAdmin(app));
  const slug = options.slug ?? `assemblee-${suffix()}`;
  const space = await app.communs.spaces.create(by, {
    kind: "assembly",
    name: options.name ?? `Assemblée ${slug}`,
    slug,
    territory: options.territory ?? "Lilleville",
    summary: options.summary,
  });
  return { space, slug: space.slug, admin: by };
}

/** A chamber of the commons (co-opted, thematic), linked to an assembly when one is named. */
/**
 * A chamber, made by an administrator. Its do-ocracy cap is 10 000 € unless a test names one, so that
 * tests of money are not tests of governance: claims above the cap wait for a decision (decisions tests
 * set the cap they are about).
 */
export async function buildChamber(
  app: WithServices,
  options: {
    by?: Actor;
    slug?: string;
    name?: string;
    theme?: string;
    assembly?: string;
    doocracyCap?: number;
  } = {},
) {
  const by = options.by ?? (await buildAdmin(app));
  const slug = options.slug ?? `chambre-${suffix()}`;
  const space = await app.communs.spaces.create(by, {
    kind: "chamber",
    name: options.name ?? `Chambre ${slug}`,
    slug,
    theme: options.theme ?? "argent",
    assembly: options.assembly,
  });
  await setDoocracyCap(app.communs.db, space.slug, options.doocracyCap ?? 1_000_000);
  return { space, slug: space.slug, admin: by };
}

/** A person brought into a space with a role, as a facilitator (`by`) admits them. */
export async function buildMember(
  app: WithServices,
  space: { slug: string; admin: Actor },
  role: Role = "member",
  options: { name?: string; email?: string } = {},
): Promise<Person> {
  const person = await buildPerson(app, options);
  await admit(app, space.admin, space.slug, person, role);
  return person;
}

/** A chamber with its treasurer and a plain member, ready to book money. */
export async function buildChamberWithTreasurer(
  app: WithServices,
  options: Parameters<typeof buildChamber>[1] = {},
) {
  const chamber = await buildChamber(app, options);
  const treasurer = await buildMember(app, chamber, "treasurer", { name: "Trésorière" });
  const member = await buildMember(app, chamber, "member", { name: "Membre" });
  return { ...chamber, treasurer, member };
}

/** A commons of an assembly's directory, created by `by` (a member of the assembly). */
export async function buildCommons(
  app: WithServices,
  assembly: string,
  by: Actor,
  fields: Record<string, unknown> = {},
) {
  const { record } = await app.communs.commons.create(
    by,
    assembly,
    { name: `Commun ${unique()}`, summary: "Un commun pour les tests.", ...fields },
    { confirmed: true },
  );
  return record;
}

/** A donation booked by someone who keeps the chamber's books. */
export async function buildDonation(
  app: WithServices,
  chamber: string,
  by: Actor,
  fields: Partial<DonationInput> = {},
) {
  const { donation } = await app.communs.donations.record(
    by,
    chamber,
    { amount: 5_000, date: "2026-03-14", donor: { name: "Une voisine" }, ...fields },
    `don-${suffix()}`,
  );
  return donation;
}

/** The code of the domain error a call throws, or undefined when it succeeds. */
export async function errorCode(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
}
