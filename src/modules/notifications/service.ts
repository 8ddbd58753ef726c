import type { Context } from "../../context.ts";
import { isLanguage, type Language, normaliseEmail } from "../../core/accounts.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { createMemo } from "../../core/memo.ts";
import { type Actor, authorize, type MembershipRole } from "../../core/policy.ts";
import type { Params } from "../../web/i18n.ts";
import { translate } from "../../web/i18n.ts";
import { urls } from "../../web/urls.ts";
import { digest, newSecret } from "../accounts/service.ts";
import type { Jobs } from "../jobs/service.ts";
import type { Mail, MailAttachment, Mailer } from "../mail/service.ts";
import {
  type AddressKind,
  type Channel,
  DEFAULT_CHANNELS,
  isChannel,
  kindsOf,
  type NotificationKind,
} from "./kinds.ts";
import * as store from "./store.ts";
import { notificationSubject, notificationText, parseParams } from "./text.ts";

export { NOTIFICATION_KINDS, type NotificationKind } from "./kinds.ts";

/** Something that happened in a space, for the people it concerns. */
export interface NotificationEvent {
  kind: NotificationKind;
  spaceId: string;
  /** Person ids; the same person named twice is told once. */
  recipients: readonly string[];
  /** The path of what it is about. */
  link: string;
  params: Params;
  /** Whoever caused it: not told of their own deed, and named in the message as `{actor}`. */
  actorId?: string | null;
  /** Files its mails carry (a meeting's calendar file). */
  attachments?: MailAttachment[];
}

/** A mail to an address without an account (a donor): no site notification, no settings but opting out. */
export interface AddressEvent {
  kind: AddressKind;
  spaceId: string;
  email: string;
  language?: string;
  link: string;
  params: Params;
}

type Scope = [spaceId: string, kind: string][];

const PAGE_SIZE = 20;
const DIGEST = "notifications.digest";
/** The daily digest goes out at this hour (UTC) the day after what it tells. */
const DIGEST_HOUR_UTC = 6;
const ONE_CLICK = "List-Unsubscribe=One-Click";

function languageOf(value: unknown): Language {
  return isLanguage(value) ? value : "fr";
}

/** When the digest of what happens at `now` goes out: the next morning. */
export function digestDue(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, DIGEST_HOUR_UTC));
}

export function createNotifications(ctx: Context, mailer: Mailer, jobs: Jobs) {
  const db = ctx.db.kysely;
  // The header's count, asked on every page a signed-in person reads, until the next write.
  const unread = createMemo(10_000, 5_000, ctx.db.writes);
  const absolute = (path: string) => `${ctx.config.publicUrl}${path}`;
  jobs.register(DIGEST, async () => {
    await sendDigests();
  });

  /** One digest job per day, however many events wait for it (its key says which day). */
  async function scheduleDigest(now: Date): Promise<void> {
    const dueAt = digestDue(now);
    await jobs.enqueue(DIGEST, {}, { dueAt, key: `${DIGEST}:${dueAt.toISOString().slice(0, 10)}` });
  }

  /** A new unsubscribe link for what one mail is about; only its digest is kept. */
  async function unsubscribeUrl(owner: { personId?: string; email?: string }, scope: Scope): Promise<string> {
    const secret = newSecret();
    await store.insertUnsubscribe(db, {
      token_hash: digest(secret),
      person_id: owner.personId ?? null,
      email: owner.email ?? null,
      scope: JSON.stringify(scope),
      created_at: new Date().toISOString(),
      used_at: null,
    });
    return absolute(urls.unsubscribe(secret));
  }

  /** A mail ending with its one-click unsubscribe (RFC 8058), in the body and in the headers. */
  async function sendWithUnsubscribe(
    to: string,
    language: Language,
    subject: string,
    lines: string[],
    unsubscribe: string,
    forPerson: boolean,
    attachments?: MailAttachment[],
  ): Promise<void> {
    const footer = translate(
      language,
      forPerson ? "notification.mail.footer" : "notification.mail.footerAddress",
      {
        unsubscribe,
        settings: absolute(urls.notificationSettings()),
      },
    );
    const mail: Mail = {
      to,
      subject,
      text: [...lines, "", "-- ", footer].join("\n"),
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": ONE_CLICK },
      attachments,
    };
    await mailer.send(mail);
  }

  async function channelsOf(event: NotificationEvent, ids: string[]): Promise<Map<string, Channel>> {
    const chosen = await store.settingsFor(db, ids, event.spaceId, event.kind);
    const channels = new Map<string, Channel>(ids.map((id) => [id, DEFAULT_CHANNELS[event.kind]]));
    for (const row of chosen) if (isChannel(row.channel)) channels.set(row.person_id, row.channel);
    return channels;
  }

  /**
   * Tells each recipient as they chose for this space and kind: a site notification (unless "never"),
   * and a mail now, or in the next daily digest.
   */
  async function notify(event: NotificationEvent): Promise<void> {
    const ids = [...new Set(event.recipients)].filter((id) => id !== event.actorId);
    if (ids.length === 0) return;
    const channels = await channelsOf(event, ids);
    const found = await store.recipients(db, event.actorId ? [...ids, event.actorId] : ids);
    const actor = found.find((p) => p.id === event.actorId);
    const params: Params = actor ? { ...event.params, actor: actor.displayName } : event.params;
    const now = new Date().toISOString();
    const told = found.filter((p) => channels.has(p.id) && channels.get(p.id) !== "never");
    await store.insertNotifications(
      db,
      told.map((p) => ({
        id: newId(),
        person_id: p.id,
        space_id: event.spaceId,
        kind: event.kind,
        params: JSON.stringify(params),
        link: event.link,
        created_at: now,
        read_at: null,
        in_digest: channels.get(p.id) === "digest" ? 1 : 0,
        digested_at: null,
      })),
    );
    if (told.some((p) => channels.get(p.id) === "digest")) await scheduleDigest(new Date(now));
    for (const person of told.filter((p) => channels.get(p.id) === "mail")) {
      const language = languageOf(person.language);
      const unsubscribe = await unsubscribeUrl({ personId: person.id }, [[event.spaceId, event.kind]]);
      await sendWithUnsubscribe(
        person.email,
        language,
        notificationSubject(language, event.kind, params),
        [
          notificationText(language, event.kind, params),
          "",
          translate(language, "notification.mail.link", { url: absolute(event.link) }),
        ],
        unsubscribe,
        true,
        event.attachments,
      );
    }
  }

  /** Mails an address that has no account, unless it opted out of this kind in this space. */
  async function mailAddress(event: AddressEvent): Promise<void> {
    const email = normaliseEmail(event.email);
    if (email === "" || (await store.isOptedOut(db, email, event.spaceId, event.kind))) return;
    const language = languageOf(event.language);
    const unsubscribe = await unsubscribeUrl({ email }, [[event.spaceId, event.kind]]);
    await sendWithUnsubscribe(
      email,
      language,
      notificationSubject(language, event.kind, event.params),
      [
        notificationText(language, event.kind, event.params),
        "",
        translate(language, "notification.mail.link", { url: absolute(event.link) }),
      ],
      unsubscribe,
      false,
    );
  }

  /** One mail per person with what waited for the digest until `now`; each item goes out once. */
  async function sendDigests(now = new Date()): Promise<number> {
    const waiting = await store.waitingForDigest(db, now.toISOString());
    const byPerson = new Map<string, typeof waiting>();
    for (const row of waiting) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
    const people = new Map((await store.recipients(db, [...byPerson.keys()])).map((p) => [p.id, p]));
    for (const [personId, items] of byPerson) {
      const person = people.get(personId);
      if (!person) continue;
      const language = languageOf(person.language);
      const pairs = new Map(items.map((i) => [`${i.space_id} ${i.kind}`, [i.space_id ?? "", i.kind]]));
      const scope = [...pairs.values()] as Scope;
      const lines = items.flatMap((i) => [
        `- ${notificationText(language, i.kind, parseParams(i.params))}`,
        `  ${absolute(i.link)}`,
      ]);
      await sendWithUnsubscribe(
        person.email,
        language,
        translate(language, "notification.digest.subject", { count: items.length }),
        [translate(language, "notification.digest.intro", { name: person.displayName }), "", ...lines],
        await unsubscribeUrl({ personId }, scope),
        true,
      );
      await store.markDigested(
        db,
        items.map((i) => i.id),
        now.toISOString(),
      );
    }
    return byPerson.size;
  }

  async function unsubscribeLink(secret: string) {
    const link = await store.unsubscribeByHash(db, digest(secret));
    if (!link) throw new DomainError("UNSUBSCRIBE_LINK_INVALID");
    return { link, scope: JSON.parse(link.scope) as Scope };
  }

  return {
    notify,
    mailAddress,
    sendDigests,

    /** Tells who started an import that it is finished, with a link to its report. */
    async importFinished(personId: string, spaceSlug: string, file: string, link: string): Promise<void> {
      const space = await store.spaceBySlug(db, spaceSlug);
      if (space)
        await notify({
          kind: "import.finished",
          spaceId: space.id,
          recipients: [personId],
          link,
          params: { space: space.name, file },
        });
    },

    /** Those of a space with one of these roles (its facilitators, its treasurers). */
    withRole: (spaceId: string, roles: MembershipRole[]) => store.withRole(db, spaceId, roles),

    unreadCount: (personId: string) => unread.remember(personId, () => store.unreadCount(db, personId)),

    /** A page of the actor's notifications, newest first, each in their language. */
    async list(actor: Actor | undefined, page: number, language: Language) {
      authorize(actor, "notifications.read");
      const rows = await store.page(db, actor.id, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1);
      return {
        page,
        hasMore: rows.length > PAGE_SIZE,
        items: rows.slice(0, PAGE_SIZE).map((r) => ({
          id: r.id,
          text: notificationText(language, r.kind, parseParams(r.params)),
          spaceName: r.spaceName,
          createdAt: r.created_at,
          unread: r.read_at === null,
        })),
      };
    },

    /** Marks one notification read and answers where it leads. */
    async open(actor: Actor | undefined, id: string): Promise<string> {
      authorize(actor, "notifications.read");
      const row = await store.linkOf(db, actor.id, id);
      if (!row) throw new DomainError("NOT_FOUND");
      await store.markRead(db, actor.id, new Date().toISOString(), id);
      return row.link;
    },

    async markAllRead(actor: Actor | undefined): Promise<void> {
      authorize(actor, "notifications.read");
      await store.markRead(db, actor.id, new Date().toISOString());
    },

    /** The actor's spaces, each with its kinds of event and the channel in effect for each. */
    async settings(actor: Actor | undefined) {
      authorize(actor, "notifications.read");
      const chosen = new Map(
        (await store.settingsOf(db, actor.id)).map((s) => [`${s.space_id} ${s.kind}`, s.channel]),
      );
      return (await store.spacesOf(db, actor.id)).map((space) => ({
        ...space,
        kinds: kindsOf(space.kind).map((kind) => {
          const channel = chosen.get(`${space.id} ${kind}`);
          return { kind, channel: isChannel(channel) ? channel : DEFAULT_CHANNELS[kind] };
        }),
      }));
    },

    /** Saves every choice of the form at once, or none when one is not a channel (400). */
    async saveSettings(actor: Actor | undefined, form: Record<string, unknown>): Promise<void> {
      authorize(actor, "notifications.read");
      const spaces = await store.spacesOf(db, actor.id);
      const choices: { spaceId: string; kind: NotificationKind; channel: Channel }[] = [];
      const errors: Record<string, string> = {};
      for (const space of spaces)
        for (const kind of kindsOf(space.kind)) {
          const name = settingField(space.id, kind);
          const value = form[name];
          if (value === undefined) continue;
          if (isChannel(value)) choices.push({ spaceId: space.id, kind, channel: value });
          else errors[name] = "notification.channelUnknown";
        }
      if (Object.keys(errors).length > 0) throw validationError(errors);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const c of choices)
          await store.saveSetting(trx, {
            person_id: actor.id,
            space_id: c.spaceId,
            kind: c.kind,
            channel: c.channel,
            updated_at: now,
          });
      });
    },

    /** What an unsubscribe link stops, for its confirmation page (nothing changes on reading it). */
    async unsubscribing(secret: string) {
      authorize(undefined, "notifications.unsubscribe");
      const { scope } = await unsubscribeLink(secret);
      const names = new Map<string, string>();
      for (const [spaceId] of scope)
        if (!names.has(spaceId)) names.set(spaceId, (await store.spaceById(db, spaceId))?.name ?? "");
      return scope.map(([spaceId, kind]) => ({ spaceName: names.get(spaceId) ?? "", kind }));
    },

    /** That kind in that space never comes by mail again (it stays on the site for people who had it). */
    async unsubscribe(secret: string): Promise<void> {
      authorize(undefined, "notifications.unsubscribe");
      const { link, scope } = await unsubscribeLink(secret);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const [spaceId, kind] of scope) {
          const [chosen] = link.person_id
            ? await store.settingsFor(trx, [link.person_id], spaceId, kind)
            : [];
          if (chosen?.channel === "never") continue;
          if (link.person_id)
            await store.saveSetting(trx, {
              person_id: link.person_id,
              space_id: spaceId,
              kind,
              channel: "site",
              updated_at: now,
            });
          else if (link.email) await store.optOut(trx, link.email, spaceId, kind, now);
        }
        await store.markUnsubscribeUsed(trx, link.token_hash, now);
      });
    },
  };
}

/** The settings form's field for one space and kind. */
export function settingField(spaceId: string, kind: string): string {
  return `${spaceId}:${kind}`;
}

export type Notifications = ReturnType<typeof createNotifications>;
