/**
 * Search without a server: Pagefind indexes the pages worth finding (only their `<main>`, marked
 * `data-pagefind-body`) as the archive writes them — their text is at hand, nothing is read back — and
 * writes its index and interface into `/pagefind/`, which the search page loads. A wiki's special pages
 * (histories, old revisions, diffs, backlinks, listings) repeat the pages' words: they are left out.
 */
import path from "node:path";
import * as pagefind from "pagefind";

const NOT_SEARCHED = /\/Spécial:/;

export interface SearchIndex {
  /** Adds a page (its file in the archive, `a/b/index.html`, and its HTML) if it is worth finding. */
  add(file: string, html: string): Promise<void>;
  /** Writes the index into the archive's folder; answers how many pages it holds. */
  write(dir: string): Promise<number>;
  close(): Promise<void>;
}

export async function searchIndex(): Promise<SearchIndex> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "fr" });
  if (!index) {
    await pagefind.close();
    throw new Error(`pagefind: ${errors.join("; ")}`);
  }
  // A few pages on their way at a time: the indexer works while the archive goes on, memory stays bounded.
  const pending = new Set<Promise<void>>();
  const failures: string[] = [];
  let pages = 0;
  return {
    async add(file, html) {
      if (NOT_SEARCHED.test(file)) return;
      pages += 1;
      const added = index.addHTMLFile({ sourcePath: file, content: html }).then(({ errors: found }) => {
        failures.push(...found);
      });
      const settled = () => pending.delete(added);
      added.then(settled, settled);
      pending.add(added);
      if (pending.size >= 32) await Promise.race(pending);
    },
    async write(dir) {
      await Promise.all(pending);
      if (failures.length > 0) throw new Error(`pagefind: ${failures.join("; ")}`);
      const written = await index.writeFiles({ outputPath: path.join(dir, "pagefind") });
      if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join("; ")}`);
      return pages;
    },
    close: async () => {
      await pagefind.close();
    },
  };
}
