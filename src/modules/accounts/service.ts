import { type Algorithm, hash, verify } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  ACCOUNT_ATTEMPTS,
  ATTEMPT_WINDOW_MINUTES,
  addMinutes,
  CONFIRM_LINK_HOURS,
  checkProfile,
  checkRegistration,
  normaliseEmail,
  type ProfileInput,
  passwordProblem,
  RESET_LINK_MINUTES,
  RESET_MAILS,
  type Registration,
  SESSION_DAYS,
} from "../../core/accounts.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { wellFormed } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database, EmailLinkPurpose } from "../../db/schema.ts";
import { translate } from "../../web/i18n.ts";
import { type AuditRecord, recordEvent } from "../audit/service.ts";
import type { Mailer } from "../mail/service.ts";
import { digest, newSecret, type Person, toPerson } from "./person.ts";
import * as store from "./store.ts";
import { createTokens } from "./tokens.ts";

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. The library's enum is type-only (const enum):
// 2 is its Argon2id.
const ARGON_2ID = 2 as Algorithm;
const ARGON = { algorithm: ARGON_2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verified against when no account matches, so a wrong e-mail costs as long as a wrong password.
const DUMMY_HASH = hash("communs-dummy-password", ARGON);

// Passwords are hashed and checked as well-formed text, so that what a lone surrogate means is our
// rule (U+FFFD, as everywhere else) and not the native binding's.
export function hashPassword(password: string): Promise<string> {
  return hash(wellFormed(password), ARGON);
}

function passwordMatches(hashed: string, password: string): Promise<boolean> {
  return verify(hashed, wellFormed(password)).catch(() => false);
}

const LINK_MINUTES: Record<EmailLinkPurpose, number> = {
  reset: RESET_LINK_MINUTES,
  confirm: CONFIRM_LINK_HOURS * 60,
};
const LINK_PATHS: Record<EmailLinkPurpose, string> = {
  reset: "/reinitialisation/",
  confirm: "/confirmation/",
};
const LINK_ERRORS = { reset: "RESET_LINK_INVALID", confirm: "CONFIRM_LINK_INVALID" } as const;

export { digest, type Person, toPerson };

export function createAccounts(ctx: Context, mailer: Mailer) {
  const db = ctx.db.kysely;

  async function openSession(trx: Kysely<Database>, personId: string): Promise<string> {
    const secret = newSecret();
    const now = new Date();
    await store.deleteExpiredSessions(trx, personId, now.toISOString());
    await store.insertSession(trx, {
      id: digest(secret),
      person_id: personId,
      created_at: now.toISOString(),
      expires_at: addMinutes(now, SESSION_DAYS * 24 * 60).toISOString(),
    });
    return secret;
  }

  /** Signs in the person a mailed link has just proved, inside that link's transaction. */
  async function signIn(
    trx: Kysely<Database>,
    personId: string,
  ): Promise<{ person: Person; session: string }> {
    const row = await store.findPersonById(trx, personId);
    if (!row) throw new DomainError("NOT_FOUND");
    return { person: toPerson(row), session: await openSession(trx, row.id) };
  }

  /** An event a person caused about themself: registering, signing in, changing a password… */
  function ownEvent(
    trx: Kysely<Database>,
    personId: string,
    action: string,
    changes: Pick<AuditRecord, "before" | "after"> = {},
  ) {
    return recordEvent(trx, {
      actorId: personId,
      action,
      subjectType: "person",
      subjectId: personId,
      ...changes,
    });
  }

  /**
   * Records an attempt against a key (an e-mail, a person) and tells whether it is within the limit.
   * Recorded before it is counted, so that simultaneous attempts cannot all slip under the limit.
   */
  async function attemptAllowed(key: string, max: number): Promise<boolean> {
    const now = new Date();
    const since = addMinutes(now, -ATTEMPT_WINDOW_MINUTES).toISOString();
    await store.addHit(db, { id: newId(), key, at: now.toISOString() }, since);
    return (await store.countHits(db, key, since)) <= max;
  }

  /**
   * Creates a person in one transaction with its audit event; the first person of an empty instance
   * becomes its administrator.
   */
  async function insertPerson(
    registration: Registration,
    passwordHash: string,
    options: { byOperator: boolean; admin: boolean },
  ): Promise<store.PersonRow> {
    return guardConstraints(
      () =>
        db.transaction().execute(async (trx) => {
          const now = new Date().toISOString();
          await store.lockPersons(trx, ctx.db.dialect);
          const isAdmin = options.admin || (await store.countPersons(trx)) === 0;
          const row: store.PersonRow = {
            id: newId(),
            email: registration.email,
            display_name: registration.displayName,
            introduction: registration.introduction,
            language: registration.language,
            password_hash: passwordHash,
            is_admin: isAdmin ? 1 : 0,
            // The operator vouches for the address; anyone else proves it with the mailed link.
            confirmed_at: options.byOperator ? now : null,
            created_at: now,
            updated_at: now,
          };
          await store.insertPerson(trx, row);
          await recordEvent(trx, {
            actorId: options.byOperator ? null : row.id,
            action: options.byOperator ? "person.created" : "person.registered",
            subjectType: "person",
            subjectId: row.id,
            after: { displayName: row.display_name, isAdmin },
          });
          return row;
        }),
      "CONFLICT",
    );
  }

  /** Makes a single-use link for the person and mails it in their language. */
  async function mailLink(row: store.PersonRow, purpose: EmailLinkPurpose): Promise<void> {
    const secret = newSecret();
    const now = new Date();
    const linkId = newId();
    await db.transaction().execute(async (trx) => {
      await store.insertLink(trx, {
        id: linkId,
        person_id: row.id,
        purpose,
        token_hash: digest(secret),
        created_at: now.toISOString(),
        expires_at: addMinutes(now, LINK_MINUTES[purpose]).toISOString(),
        used_at: null,
      });
      await recordEvent(trx, {
        actorId: null,
        action: "emailLink.sent",
        subjectType: "person",
        subjectId: row.id,
        after: { purpose },
      });
    });
    const language = toPerson(row).language;
    await mailer.send({
      to: row.email,
      subject: translate(language, `mail.${purpose}.subject`),
      text: translate(language, `mail.${purpose}.body`, {
        name: row.display_name,
        url: `${ctx.config.publicUrl}${LINK_PATHS[purpose]}${secret}`,
        minutes: LINK_MINUTES[purpose],
        hours: LINK_MINUTES[purpose] / 60,
      }),
    });
  }

  /** Uses a live link once, inside the caller's transaction. */
  async function useLink(trx: Kysely<Database>, purpose: EmailLinkPurpose, secret: string, now: string) {
    const link = await store.findLiveLink(trx, purpose, digest(secret), now);
    if (!link || !(await store.useLink(trx, link.id, now))) throw new DomainError(LINK_ERRORS[purpose]);
    return link;
  }

  async function linkIsLive(purpose: EmailLinkPurpose, secret: string): Promise<boolean> {
    return (await store.findLiveLink(db, purpose, digest(secret), new Date().toISOString())) !== undefined;
  }

  return {
    ...createTokens(ctx),
    SESSION_DAYS,

    /**
     * Answers the same whether or not the address has an account, so that nobody learns it here: a new
     * address gets an account and a confirmation link, an unconfirmed one gets the new details and a
     * new link (only the mailbox's owner can use it), a confirmed one gets a notice. The first account
     * of an empty instance becomes its administrator.
     */
    async register(input: Record<string, unknown>): Promise<void> {
      const registration = checkRegistration(input);
      // Hashed whatever comes next, so that a known address takes as long to answer as a new one.
      const passwordHash = await hashPassword(registration.password);
      const existing = await store.findPersonByEmail(db, registration.email);
      if (existing?.confirmed_at) {
        const language = toPerson(existing).language;
        await mailer.send({
          to: existing.email,
          subject: translate(language, "mail.alreadyRegistered.subject"),
          text: translate(language, "mail.alreadyRegistered.body", {
            url: `${ctx.config.publicUrl}/mot-de-passe-oublie`,
          }),
        });
        return;
      }
      if (!existing) {
        await mailLink(
          await insertPerson(registration, passwordHash, { byOperator: false, admin: false }),
          "confirm",
        );
        return;
      }
      const details = {
        display_name: registration.displayName,
        introduction: registration.introduction,
        language: registration.language,
        password_hash: passwordHash,
      };
      await db.transaction().execute(async (trx) => {
        await store.updatePerson(trx, existing.id, details);
        await ownEvent(trx, existing.id, "person.registrationRenewed", {
          before: { displayName: existing.display_name },
          after: { displayName: registration.displayName },
        });
      });
      await mailLink({ ...existing, ...details }, "confirm");
    },

    isConfirmLinkLive: (secret: string) => linkIsLive("confirm", secret),

    /** The mailed link proves the address: the account is confirmed and signed in. */
    async confirm(secret: string): Promise<{ person: Person; session: string }> {
      return db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const link = await useLink(trx, "confirm", secret, now);
        await store.confirmPerson(trx, link.person_id, now);
        await ownEvent(trx, link.person_id, "person.confirmed");
        return signIn(trx, link.person_id);
      });
    },

    /** The same message whatever was wrong: the e-mail, the password, or both. */
    async login(input: {
      email?: unknown;
      password?: unknown;
    }): Promise<{ person: Person; session: string }> {
      const email = normaliseEmail(input.email);
      const password = typeof input.password === "string" ? input.password : "";
      if (email === "" || password === "") {
        throw validationError({
          ...(email === "" ? { email: "field.required" } : {}),
          ...(password === "" ? { password: "field.required" } : {}),
        });
      }
      // Keyed by a digest: a fixed length whatever was typed (index entries are limited in size).
      const key = `login:${digest(email)}`;
      if (!(await attemptAllowed(key, ACCOUNT_ATTEMPTS))) throw new DomainError("TOO_MANY_ATTEMPTS");
      const row = await store.findPersonByEmail(db, email);
      const valid = row
        ? await passwordMatches(row.password_hash, password)
        : await passwordMatches(await DUMMY_HASH, password).then(() => false);
      if (!row || !valid) throw new DomainError("LOGIN_FAILED");
      await store.clearHits(db, key);
      if (!row.confirmed_at) {
        // Only the right password gets here, so saying why reveals nothing to a stranger.
        await mailLink(row, "confirm");
        throw new DomainError("EMAIL_NOT_CONFIRMED");
      }
      const session = await db.transaction().execute(async (trx) => {
        await ownEvent(trx, row.id, "session.opened");
        return openSession(trx, row.id);
      });
      return { person: toPerson(row), session };
    },

    async logout(sessionSecret: string, personId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await store.deleteSession(trx, digest(sessionSecret));
        await ownEvent(trx, personId, "session.closed");
      });
    },

    async personFromSession(sessionSecret: string): Promise<Person | undefined> {
      const row = await store.findSessionPerson(db, digest(sessionSecret), new Date().toISOString());
      return row ? toPerson(row) : undefined;
    },

    async updateProfile(person: Person, input: Record<string, unknown>): Promise<Person> {
      const profile: ProfileInput = checkProfile(input);
      await db.transaction().execute(async (trx) => {
        await store.updatePerson(trx, person.id, {
          display_name: profile.displayName,
          introduction: profile.introduction,
          language: profile.language,
        });
        await ownEvent(trx, person.id, "person.profileChanged", {
          before: {
            displayName: person.displayName,
            introduction: person.introduction,
            language: person.language,
          },
          after: { ...profile },
        });
      });
      return { ...person, ...profile };
    },

    /** Checks the current password, sets the new one and closes every other session. */
    async changePassword(
      person: Person,
      sessionSecret: string | undefined,
      input: { current?: unknown; password?: unknown },
    ): Promise<void> {
      const problem = passwordProblem(input.password);
      if (problem) throw validationError({ password: problem });
      // A borrowed session must not be a way to guess the password without end.
      const key = `password:${person.id}`;
      if (!(await attemptAllowed(key, ACCOUNT_ATTEMPTS))) throw new DomainError("TOO_MANY_ATTEMPTS");
      const row = await store.findPersonById(db, person.id);
      const current = typeof input.current === "string" ? input.current : "";
      if (!row || !(await passwordMatches(row.password_hash, current))) {
        throw new DomainError("WRONG_PASSWORD", { current: "password.wrong" });
      }
      await store.clearHits(db, key);
      const passwordHash = await hashPassword(input.password as string);
      await db.transaction().execute(async (trx) => {
        await store.updatePerson(trx, person.id, { password_hash: passwordHash });
        await store.deleteSessionsOf(trx, person.id, sessionSecret ? digest(sessionSecret) : undefined);
        await ownEvent(trx, person.id, "person.passwordChanged");
      });
    },

    /** Always looks the same to the caller; sends a link only when the account exists. */
    async requestReset(input: { email?: unknown }): Promise<void> {
      const email = normaliseEmail(input.email);
      if (email === "") throw validationError({ email: "field.required" });
      if (!(await attemptAllowed(`reset:${digest(email)}`, RESET_MAILS))) return;
      const row = await store.findPersonByEmail(db, email);
      if (row) await mailLink(row, "reset");
    },

    isResetLinkLive: (secret: string) => linkIsLive("reset", secret),

    /**
     * Uses the link once, sets the password, closes every session and opens a new one. The link also
     * proves the address, so an account not yet confirmed is confirmed too.
     */
    async resetPassword(
      secret: string,
      input: { password?: unknown },
    ): Promise<{ person: Person; session: string }> {
      const problem = passwordProblem(input.password);
      if (problem) throw validationError({ password: problem });
      // Checked before hashing too, so that guessing links costs the server no argon2 work.
      if (!(await linkIsLive("reset", secret))) throw new DomainError("RESET_LINK_INVALID");
      const passwordHash = await hashPassword(input.password as string);
      return db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const reset = await useLink(trx, "reset", secret, now);
        await store.updatePerson(trx, reset.person_id, { password_hash: passwordHash });
        await store.confirmPerson(trx, reset.person_id, now);
        await store.deleteSessionsOf(trx, reset.person_id);
        await ownEvent(trx, reset.person_id, "person.passwordReset");
        return signIn(trx, reset.person_id);
      });
    },

    /** For the CLI: creates an account without a session (the operator sets the password). */
    async createByOperator(input: Record<string, unknown> & { admin?: boolean }): Promise<Person> {
      const registration = checkRegistration(input);
      if (await store.findPersonByEmail(db, registration.email)) {
        throw new DomainError("CONFLICT", { email: "email.taken" });
      }
      const passwordHash = await hashPassword(registration.password);
      return toPerson(
        await insertPerson(registration, passwordHash, { byOperator: true, admin: input.admin === true }),
      );
    },

    async hasAnyPerson(): Promise<boolean> {
      return (await store.countPersons(db)) > 0;
    },

    async findByEmail(email: string): Promise<Person | undefined> {
      const row = await store.findPersonByEmail(db, normaliseEmail(email));
      return row ? toPerson(row) : undefined;
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
