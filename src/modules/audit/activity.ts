import { Feed } from "feed";
import type { Language } from "../../core/accounts.ts";
import { translate } from "../../web/i18n.ts";
import { urls } from "../../web/urls.ts";
import { auditSentence } from "./sentences.ts";
import type { AuditEntry } from "./store.ts";

/**
 * What a space's activity shows everyone, and its Atom feed: the events of its life that are public
 * (meetings announced and their minutes, tasks taken and done, commons added, people joining), never
 * money or membership decisions, which stay in the facilitators' log.
 */
export const SPACE_ACTIVITY = [
  "membership.joined",
  "membership.accepted",
  "commons.created",
  "space.edited",
  "meeting.announced",
  "meeting.changed",
  "meeting.cancelled",
  "meeting.occurrenceSkipped",
  "meeting.minutesPublished",
  "task.created",
  "task.taken",
  "task.released",
  "task.finished",
  "task.dropped",
  "proposal.opened",
  "proposal.adopted",
  "proposal.notAdopted",
  "proposal.withdrawn",
  "space.forked",
] as const;

export const ACTIVITY_PAGE = 50;

/** Where an event of the activity leads: its meeting, its task, or the activity page itself. */
export function activityLink(slug: string, entry: AuditEntry): string {
  if (entry.subjectType === "meeting") return urls.meeting(slug, entry.subjectId);
  if (entry.subjectType === "task") return urls.task(slug, entry.subjectId);
  const number = entry.subjectType === "proposal" ? proposalNumber(entry.after) : undefined;
  if (number !== undefined) return urls.proposal(slug, number);
  return `${urls.spaceActivity(slug)}#e-${entry.id}`;
}

function proposalNumber(after: string | null): number | undefined {
  const number = after ? (JSON.parse(after) as { number?: unknown }).number : undefined;
  return typeof number === "number" ? number : undefined;
}

/** The activity as an Atom feed (RFC 4287), with absolute links. */
export function activityAtom(
  space: { slug: string; name: string },
  entries: AuditEntry[],
  base: string,
  lang: Language,
): string {
  const absolute = (path: string) => new URL(path, base).href;
  const feed = new Feed({
    title: translate(lang, "activity.feedTitle", { name: space.name }),
    id: absolute(urls.spaceActivity(space.slug)),
    link: absolute(urls.spaceActivity(space.slug)),
    language: lang,
    updated: entries[0] ? new Date(entries[0].at) : new Date(0),
    copyright: "",
    feedLinks: { atom: absolute(urls.spaceActivityFeed(space.slug)) },
  });
  for (const entry of entries) {
    const sentence = auditSentence(lang, entry);
    feed.addItem({
      title: sentence,
      id: absolute(`${urls.spaceActivity(space.slug)}#e-${entry.id}`),
      link: absolute(activityLink(space.slug, entry)),
      date: new Date(entry.at),
      description: sentence,
    });
  }
  return feed.atom1();
}
