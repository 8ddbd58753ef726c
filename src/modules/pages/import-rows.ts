/**
 * What a dump's items become in the wiki's tables: a revision's row with its sha1 and size recomputed
 * (a mismatch is a problem, the text is kept), a page's title split by the dump's namespaces, its
 * redirect read from the wikitext (where the `#fragment` is), a log item's row.
 */
import { newId } from "../../core/ids.ts";
import type { ImportMessage } from "../../core/import-loop.ts";
import { revisionDigest } from "../../core/wiki.ts";
import { redirectTarget } from "../../core/wikitext/redirects.ts";
import type { Namespaces } from "../../core/wikitext/titles.ts";
import type { WikiLogEventTable, WikiRevisionTable } from "../../db/schema.ts";
import type { Contributor, HistoryRevision, LogItem, PageHead } from "../commons/service.ts";

export interface WikiImportProblem {
  /** The revision it is about, when it is about one. */
  revision?: number;
  line: number;
  message: ImportMessage;
}

/** An ISO time as both dialects give it back, or null when the dump's is not a time. */
export function isoTime(text: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text)) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** A registered author (name and MediaWiki id) or an IP, never both. */
export function author(contributor: Contributor): {
  user_name: string | null;
  user_number: number | null;
  ip: string | null;
} {
  if (contributor.username) return { user_name: contributor.username, user_number: contributor.id, ip: null };
  return { user_name: null, user_number: null, ip: contributor.ip || null };
}

/** A page's namespace and title without its prefix, as the tables keep them; null for a nameless page. */
export function pageKey(head: PageHead, namespaces: Namespaces): { ns: number; title: string } | null {
  const split = namespaces.split(head.title);
  if (split.text === "") return null;
  if (split.ns === head.ns) return { ns: head.ns, title: split.text };
  // `<ns>` is the truth; a title whose prefix is not its namespace's keeps its whole text.
  return { ns: head.ns, title: namespaces.split(head.title, head.ns).text };
}

export type RevisionRow = WikiRevisionTable & { page_id: string };

/** A revision's row (its page id filled in later) and the problems its stated sha1 and size show. */
export function revisionRow(
  spaceId: string,
  revision: HistoryRevision & { id: number },
  timestamp: string,
  problems: WikiImportProblem[],
): RevisionRow {
  const { size, sha1 } = revisionDigest(revision.text);
  const stated = revision.statedSha1?.toLowerCase();
  if (!revision.textDeleted && stated !== undefined && stated !== sha1)
    problems.push({
      revision: revision.id,
      line: revision.line,
      message: {
        key: "wikiImport.sha1Mismatch",
        params: { revision: revision.id, stated, computed: sha1 },
      },
    });
  if (!revision.textDeleted && revision.statedBytes !== null && revision.statedBytes !== size)
    problems.push({
      revision: revision.id,
      line: revision.line,
      message: {
        key: "wikiImport.bytesMismatch",
        params: { revision: revision.id, stated: revision.statedBytes, computed: size },
      },
    });
  return {
    id: newId(),
    space_id: spaceId,
    page_id: "",
    number: revision.id,
    parent: revision.parentId,
    timestamp,
    ...author(revision.contributor),
    person_id: null,
    comment: revision.comment,
    minor: revision.minor ? 1 : 0,
    size,
    sha1,
    format: "wikitext",
    text: revision.text,
  };
}

export interface Redirect {
  ns: number;
  title: string;
  fragment: string | null;
}

/**
 * Where a revision redirects: its wikitext's `#REDIRECT [[Target#fragment]]`, or else the dump's
 * `<redirect title>` (which drops the fragment) when it says the page is one.
 */
export function redirectOf(text: string, stated: string | null, namespaces: Namespaces): Redirect | null {
  const target = redirectTarget(text) ?? (stated ? { title: stated, fragment: null } : null);
  if (!target) return null;
  const { ns, text: title } = namespaces.split(target.title);
  return title === "" ? null : { ns, title, fragment: target.fragment };
}

export function logRow(
  spaceId: string,
  item: LogItem & { id: number },
  timestamp: string,
  namespaces: Namespaces,
): WikiLogEventTable {
  const target = item.logtitle ? namespaces.split(item.logtitle) : null;
  const who = author(item.contributor);
  return {
    id: newId(),
    space_id: spaceId,
    number: item.id,
    type: item.type,
    action: item.action,
    timestamp,
    user_name: who.user_name ?? who.ip,
    namespace: target ? target.ns : null,
    title: target ? target.text : null,
    comment: item.comment,
    params: item.params,
  };
}
