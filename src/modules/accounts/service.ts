import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import {
  addMinutes,
  checkProfile,
  checkRegistration,
  normaliseEmail,
  PASSWORD_CHECKS,
  type ProfileInput,
  passwordProblem,
  RESET_MAILS,
  type Registration,
  SESSION_DAYS,
} from "../../core/accounts.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { guardConstraints } from "../../db/errors.ts";
import type { Database } from "../../db/schema.ts";
import { translate } from "../../web/i18n.ts";
import { urls } from "../../web/urls.ts";
import { type AuditRecord, recordEvent } from "../audit/service.ts";
import type { Mailer } from "../mail/service.ts";
import { createLimits } from "./limits.ts";
import { createLinks } from "./links.ts";
import { hashPassword, passwordMatches } from "./passwords.ts";
import { digest, newSecret, type Person, toPerson } from "./person.ts";
import { createPrivacy } from "./privacy.ts";
import * as store from "./store.ts";
import { createTokens } from "./tokens.ts";

export { digest, type Person, toPerson };

export function createAccounts(ctx: Context, mailer: Mailer) {
  const db = ctx.db.kysely;
  const links = createLinks(ctx, mailer);
  const limits = createLimits(ctx);
  const privacy = createPrivacy(ctx, limits);

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

  /** Tells the person how many of their tokens died with their old password (none: no mail). */
  async function mailRevokedTokens(person: Person, count: number): Promise<void> {
    if (count === 0) return;
    await mailer.send({
      to: person.email,
      subject: translate(person.language, "mail.tokensRevoked.subject"),
      text: translate(person.language, "mail.tokensRevoked.body", {
        count,
        name: person.displayName,
        url: `${ctx.config.publicUrl}${urls.profile()}`,
        resetUrl: `${ctx.config.publicUrl}${urls.forgotPassword()}`,
      }),
    });
  }

  return {
    ...privacy,
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
            url: `${ctx.config.publicUrl}${urls.forgotPassword()}`,
          }),
        });
        return;
      }
      if (!existing) {
        await links.mail(
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
      await links.mail({ ...existing, ...details }, "confirm");
    },

    isConfirmLinkLive: (secret: string) => links.isLive("confirm", secret),

    /** The mailed link proves the address: the account is confirmed and signed in. */
    async confirm(secret: string): Promise<{ person: Person; session: string }> {
      return db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const link = await links.use(trx, "confirm", secret, now);
        await store.confirmPerson(trx, link.person_id, now);
        await ownEvent(trx, link.person_id, "person.confirmed");
        return signIn(trx, link.person_id);
      });
    },

    /**
     * The same message whatever was wrong: the e-mail, the password, or both. `address` is where the
     * try comes from (the client's IP): failures slow down that (account, address) pair only, so that
     * nobody keeps the owner out by failing on purpose from elsewhere.
     */
    async login(
      input: { email?: unknown; password?: unknown },
      address = "",
    ): Promise<{ person: Person; session: string }> {
      const email = normaliseEmail(input.email);
      const password = typeof input.password === "string" ? input.password : "";
      if (email === "" || password === "") {
        throw validationError({
          ...(email === "" ? { email: "field.required" } : {}),
          ...(password === "" ? { password: "field.required" } : {}),
        });
      }
      const attempt = await limits.takeLoginTry(email, address);
      const row = await store.findPersonByEmail(db, email);
      if (!row || !(await passwordMatches(row?.password_hash, password))) {
        await limits.loginFailed(attempt);
        throw new DomainError("LOGIN_FAILED");
      }
      await limits.loginSucceeded(attempt);
      if (!row.confirmed_at) {
        // Only the right password gets here, so saying why reveals nothing to a stranger.
        await links.mail(row, "confirm");
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

    /**
     * Checks the current password, sets the new one, closes every other session and revokes every API
     * token: a password is changed when an account may have been taken, and a token its taker made must
     * not outlive it (listing them for the person to revoke would leave them alive until then). Answers
     * how many were revoked; the person is told on the page and by mail.
     */
    async changePassword(
      person: Person,
      sessionSecret: string | undefined,
      input: { current?: unknown; password?: unknown },
    ): Promise<{ tokensRevoked: number }> {
      const problem = passwordProblem(input.password);
      if (problem) throw validationError({ password: problem });
      // A borrowed session must not be a way to guess the password without end.
      const key = `password:${person.id}`;
      if (!(await limits.attemptAllowed(key, PASSWORD_CHECKS))) throw new DomainError("TOO_MANY_ATTEMPTS");
      const row = await store.findPersonById(db, person.id);
      const current = typeof input.current === "string" ? input.current : "";
      if (!row || !(await passwordMatches(row.password_hash, current))) {
        throw new DomainError("WRONG_PASSWORD", { current: "password.wrong" });
      }
      await limits.clearAttempts(key);
      const passwordHash = await hashPassword(input.password as string);
      const tokensRevoked = await db.transaction().execute(async (trx) => {
        await store.updatePerson(trx, person.id, { password_hash: passwordHash });
        await store.deleteSessionsOf(trx, person.id, sessionSecret ? digest(sessionSecret) : undefined);
        const revoked = await store.revokeTokensOf(trx, person.id, new Date().toISOString());
        await ownEvent(trx, person.id, "person.passwordChanged", { after: { tokensRevoked: revoked } });
        return revoked;
      });
      await mailRevokedTokens(toPerson(row), tokensRevoked);
      return { tokensRevoked };
    },

    /** Always looks the same to the caller; sends a link only when the account exists. */
    async requestReset(input: { email?: unknown }): Promise<void> {
      const email = normaliseEmail(input.email);
      if (email === "") throw validationError({ email: "field.required" });
      if (!(await limits.attemptAllowed(`reset:${digest(email)}`, RESET_MAILS))) return;
      const row = await store.findPersonByEmail(db, email);
      if (row) await links.mail(row, "reset");
    },

    isResetLinkLive: (secret: string) => links.isLive("reset", secret),

    /**
     * Uses the link once, sets the password, closes every session, revokes every API token (see
     * changePassword) and opens a new session. The link also proves the address, so an account not
     * yet confirmed is confirmed too.
     */
    async resetPassword(
      secret: string,
      input: { password?: unknown },
    ): Promise<{ person: Person; session: string; tokensRevoked: number }> {
      const problem = passwordProblem(input.password);
      if (problem) throw validationError({ password: problem });
      // Checked before hashing too, so that guessing links costs the server no argon2 work.
      if (!(await links.isLive("reset", secret))) throw new DomainError("RESET_LINK_INVALID");
      const passwordHash = await hashPassword(input.password as string);
      const done = await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const reset = await links.use(trx, "reset", secret, now);
        await store.updatePerson(trx, reset.person_id, { password_hash: passwordHash });
        await store.confirmPerson(trx, reset.person_id, now);
        await store.deleteSessionsOf(trx, reset.person_id);
        const tokensRevoked = await store.revokeTokensOf(trx, reset.person_id, now);
        await ownEvent(trx, reset.person_id, "person.passwordReset", { after: { tokensRevoked } });
        return { ...(await signIn(trx, reset.person_id)), tokensRevoked };
      });
      await mailRevokedTokens(done.person, done.tokensRevoked);
      return done;
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

    /** The instance's first administrator: whom the command line acts as when it creates a space. */
    async oldestAdmin(): Promise<Actor | undefined> {
      const row = await store.oldestAdmin(db);
      return row && { id: row.id, isAdmin: true };
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
