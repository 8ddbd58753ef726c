/**
 * Writing a wiki: saving a page (detecting that someone else saved since the editor opened it, merging
 * when both changes apply, never losing either), moving a page (leaving a redirect), uploading a file
 * with its description page.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { applyPatch, structuredPatch } from "diff";
import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { checkLine, multiline, oneLine } from "../../core/text.ts";
import { fullTitle, parseTitle, revisionSha1, revisionSize, type WikiTitle } from "../../core/wiki.ts";
import { linkNew, makePrivateDir } from "../../db/data-files.ts";
import type { Database, RevisionFormat } from "../../db/schema.ts";
import { lockSpace } from "../spaces/service.ts";
import { titleOf, type Wiki, wikiOf } from "./access.ts";
import { refreshPages } from "./refresh.ts";
import * as store from "./store.ts";
import { fileByName, insertFile } from "./store-lists.ts";

type Db = Kysely<Database>;

/** MediaWiki's limit on a revision's size. */
export const MAX_PAGE_BYTES = 2 * 1024 * 1024;

export interface SaveInput {
  text: string;
  /** The revision the editor started from; absent when creating the page. */
  base?: number;
  comment: string;
  minor: boolean;
}

export type SaveResult =
  | { status: "saved" | "merged" | "unchanged"; title: string; revision: number }
  | { status: "conflict"; title: string; latest: number; theirs: string; mine: string };

/** A save's fields from a form or the API, checked; errors keyed by field. */
export function checkSave(body: Record<string, unknown>): SaveInput {
  const text = multiline(body.text);
  const comment = oneLine(body.comment);
  const errors: Record<string, string> = {};
  if (text === "") errors.text = "field.required";
  else if (revisionSize(text) > MAX_PAGE_BYTES) errors.text = "pages.tooLarge";
  checkLine(errors, "comment", comment, { required: false, max: 500 });
  const base =
    body.base === undefined || body.base === "" || body.base === null ? undefined : Number(body.base);
  if (base !== undefined && !(Number.isSafeInteger(base) && base > 0)) errors.base = "field.invalid";
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { text, base, comment, minor: body.minor === true || body.minor === "on" || body.minor === "1" };
}

/**
 * Applies my change (base → mine) onto what was saved since (theirs), as MediaWiki's edit merge does;
 * null when the two changes touch the same lines.
 */
export function mergeEdits(base: string, mine: string, theirs: string): string | null {
  const patch = structuredPatch("page", "page", base, mine, "", "", { context: 0 });
  const merged = applyPatch(theirs, patch);
  return merged === false ? null : merged;
}

export function createPageEdits(ctx: Context) {
  const db = ctx.db.kysely;
  const dialect = ctx.db.dialect;

  async function authorOf(trx: Db, actor: Actor) {
    return {
      person_id: actor.id,
      user_name: await store.personName(trx, actor.id),
      user_number: null,
      ip: null,
    };
  }

  /** A new revision of a page (created if needed), in the caller's transaction; the page's id. */
  async function writeRevision(
    trx: Db,
    wiki: Wiki,
    key: WikiTitle,
    actor: Actor,
    input: { text: string; comment: string; minor: boolean; format?: RevisionFormat },
    now: string,
  ): Promise<{ pageId: string; number: number; created: boolean }> {
    await lockSpace(trx, dialect, wiki.spaceId);
    const numbers = await store.nextNumbers(trx, wiki.spaceId);
    let page = await store.pageByTitle(trx, wiki.spaceId, key);
    const created = !page;
    if (!page)
      page = await store.insertPage(
        trx,
        { space_id: wiki.spaceId, number: numbers.page, namespace: key.ns, title: key.title },
        now,
      );
    await store.insertRevision(trx, {
      space_id: wiki.spaceId,
      page_id: page.id,
      number: numbers.revision,
      parent: page.latest,
      timestamp: now,
      ...(await authorOf(trx, actor)),
      comment: input.comment,
      minor: input.minor ? 1 : 0,
      size: revisionSize(input.text),
      sha1: revisionSha1(input.text),
      // A page keeps its language: wikitext imported from MediaWiki stays wikitext.
      format: input.format ?? "markdown",
      text: input.text,
    });
    return { pageId: page.id, number: numbers.revision, created };
  }

  /** After a save: the page rendered, and those that link to it when it was created or moved. */
  async function afterWrite(wiki: Wiki, pageIds: string[], touched: WikiTitle[]): Promise<void> {
    const dependents = (await Promise.all(touched.map((k) => store.dependents(db, wiki.spaceId, k)))).flat();
    await refreshPages(db, wiki, [...new Set([...pageIds, ...dependents])]);
  }

  /**
   * Saves a page from the revision the editor started from. When someone saved in between, my change
   * is merged onto theirs if the two do not touch the same lines; otherwise nothing is written and the
   * editor gets both texts back (a conflict), so nothing is lost.
   */
  async function save(
    actor: Actor | undefined,
    slug: string,
    rawTitle: string,
    input: SaveInput,
  ): Promise<SaveResult> {
    const wiki = await wikiOf(db, actor, slug, "page.edit");
    const key = titleOf(rawTitle);
    const by = actor as Actor;
    const title = fullTitle(key);
    const now = new Date().toISOString();
    const outcome = await db
      .transaction()
      .execute(
        async (trx): Promise<SaveResult | { written: SaveResult; pageId: string; created: boolean }> => {
          const page = await store.pageByTitle(trx, wiki.spaceId, key);
          if (page) await store.lockPage(trx, dialect, page.id);
          const latest = page?.latest ? await store.revision(trx, wiki.spaceId, page.latest) : undefined;
          let text = input.text;
          let status: "saved" | "merged" = "saved";
          if (latest && input.base !== latest.number) {
            const base =
              input.base === undefined ? undefined : await store.revision(trx, wiki.spaceId, input.base);
            const merged =
              base && base.page_id === latest.page_id ? mergeEdits(base.text, input.text, latest.text) : null;
            if (merged === null)
              return {
                status: "conflict",
                title,
                latest: latest.number,
                theirs: latest.text,
                mine: input.text,
              };
            text = merged;
            status = "merged";
          }
          if (latest && latest.text === text) return { status: "unchanged", title, revision: latest.number };
          const written = await writeRevision(
            trx,
            wiki,
            key,
            by,
            { ...input, text, format: latest?.format },
            now,
          );
          return {
            written: { status, title, revision: written.number },
            pageId: written.pageId,
            created: written.created,
          };
        },
      );
    if (!("written" in outcome)) return outcome;
    await afterWrite(wiki, [outcome.pageId], outcome.created ? [key] : []);
    return outcome.written;
  }

  /** Renames a page, keeping its history, and leaves a redirect at the old title unless asked not to. */
  async function move(
    actor: Actor | undefined,
    slug: string,
    rawTitle: string,
    body: { to: unknown; reason: unknown; redirect?: unknown },
  ): Promise<{ title: string }> {
    const wiki = await wikiOf(db, actor, slug, "page.move");
    const from = titleOf(rawTitle);
    const to = parseTitle(oneLine(body.to));
    const reason = oneLine(body.reason);
    if (!to) throw validationError({ to: "pages.badTitle" });
    if (to.ns === from.ns && to.title === from.title) throw validationError({ to: "pages.sameTitle" });
    const leaveRedirect = body.redirect === undefined || body.redirect === "on" || body.redirect === true;
    const by = actor as Actor;
    const now = new Date().toISOString();
    const { pageId, redirectId } = await db.transaction().execute(async (trx) => {
      const page = await store.pageByTitle(trx, wiki.spaceId, from);
      if (!page?.latest) throw new DomainError("PAGE_NOT_FOUND");
      if (await store.pageByTitle(trx, wiki.spaceId, to)) throw new DomainError("PAGE_EXISTS");
      const latest = await store.revision(trx, wiki.spaceId, page.latest);
      await store.renameTitle(trx, page.id, to);
      const comment = `${fullTitle(from)} renommée en ${fullTitle(to)}${reason ? ` : ${reason}` : ""}`;
      // MediaWiki's null revision: the same text, a minor change, recording the move in the history.
      await writeRevision(
        trx,
        wiki,
        to,
        by,
        { text: latest?.text ?? "", comment, minor: true, format: latest?.format },
        now,
      );
      if (!leaveRedirect) return { pageId: page.id, redirectId: null };
      const target = fullTitle(to);
      const written = await writeRevision(
        trx,
        wiki,
        from,
        by,
        { text: `#REDIRECTION [[${target}]]`, comment, minor: false },
        now,
      );
      return { pageId: page.id, redirectId: written.pageId };
    });
    await afterWrite(wiki, redirectId ? [pageId, redirectId] : [pageId], [from, to]);
    return { title: fullTitle(to) };
  }

  /** Stores a file's bytes under the data folder, named by their hash (the same bytes are kept once). */
  async function keepBytes(bytes: Buffer): Promise<{ key: string; sha1: string }> {
    const sha1 = createHash("sha1").update(bytes).digest("hex");
    const folder = path.join(ctx.config.dataDir, "wiki-files");
    await makePrivateDir(folder);
    const file = path.join(folder, sha1);
    const temporary = `${file}.${newId()}.part`;
    await fs.writeFile(temporary, bytes, { mode: 0o600 });
    try {
      await linkNew(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await fs.rm(temporary, { force: true });
    }
    return { key: `wiki-files/${sha1}`, sha1 };
  }

  /** Uploads a file: its bytes, and a revision of its description page « Fichier:Name ». */
  async function upload(
    actor: Actor | undefined,
    slug: string,
    file: { name: string; mediaType: string; bytes: Buffer },
    body: { description?: unknown; comment?: unknown },
  ): Promise<{ title: string }> {
    const wiki = await wikiOf(db, actor, slug, "page.upload");
    const key = parseTitle(`Fichier:${oneLine(file.name)}`);
    if (!key || !/\.[A-Za-z0-9]{1,8}$/.test(key.title)) throw validationError({ file: "pages.badFileName" });
    if (file.bytes.length === 0) throw validationError({ file: "field.required" });
    const by = actor as Actor;
    const stored = await keepBytes(file.bytes);
    const comment = oneLine(body.comment);
    const description = multiline(body.description) || comment || key.title;
    const now = new Date().toISOString();
    const pageId = await db.transaction().execute(async (trx) => {
      await insertFile(trx, {
        id: newId(),
        space_id: wiki.spaceId,
        name: key.title,
        media_type: file.mediaType || "application/octet-stream",
        size: file.bytes.length,
        sha1: stored.sha1,
        storage_key: stored.key,
        timestamp: now,
        user_name: await store.personName(trx, by.id),
        person_id: by.id,
        comment,
      });
      const page = await store.pageByTitle(trx, wiki.spaceId, key);
      if (page) return page.id;
      return (await writeRevision(trx, wiki, key, by, { text: description, comment, minor: false }, now))
        .pageId;
    });
    await afterWrite(wiki, [pageId], [key]);
    return { title: fullTitle(key) };
  }

  /** A file's bytes on disk, for `Spécial:FilePath/Name`. */
  async function fileOf(actor: Actor | undefined, slug: string, name: string) {
    const wiki = await wikiOf(db, actor, slug, "page.read");
    const key = parseTitle(`Fichier:${name}`);
    const found = key ? await fileByName(db, wiki.spaceId, key.title) : undefined;
    if (!found) throw new DomainError("FILE_NOT_FOUND");
    return {
      path: path.join(ctx.config.dataDir, found.storage_key),
      mediaType: found.media_type,
      name: found.name,
    };
  }

  /** What the edit form starts from: the latest text and its revision, or nothing for a new page. */
  async function editing(actor: Actor | undefined, slug: string, rawTitle: string) {
    const wiki = await wikiOf(db, actor, slug, "page.edit");
    const key = titleOf(rawTitle);
    const page = await store.pageByTitle(db, wiki.spaceId, key);
    const latest = page?.latest ? await store.revision(db, wiki.spaceId, page.latest) : undefined;
    return {
      wiki,
      title: fullTitle(key),
      format: latest?.format ?? "markdown",
      exists: Boolean(latest),
      text: latest?.text ?? "",
      base: latest?.number ?? null,
    };
  }

  return {
    save,
    move,
    upload,
    fileOf,
    editing,
    uploading: (actor: Actor | undefined, slug: string) => wikiOf(db, actor, slug, "page.upload"),
  };
}
