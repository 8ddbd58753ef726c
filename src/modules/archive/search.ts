/**
 * Search without a server: Pagefind indexes the written pages (only their `<main>`, marked
 * `data-pagefind-body`) and writes its index and interface into `/pagefind/`, which the search page loads.
 */
import path from "node:path";
import * as pagefind from "pagefind";

export async function indexForSearch(dir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "fr" });
  try {
    if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(dir, "pagefind") });
    if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
