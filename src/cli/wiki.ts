/** `import wiki`: a whole MediaWiki export into a space's wiki, with a progress bar and the final report. */
import "../messages.ts";
import { countedFile, progressBar } from "../modules/commons/cli.ts";
import { importWiki } from "../modules/pages/import.ts";
import { describeWikiReport } from "../modules/pages/import-report.ts";
import { refreshPages, setWikiSpace, wikiSpaceId } from "../modules/pages/service.ts";
import { translate } from "../web/i18n.ts";
import { urls } from "../web/urls.ts";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function importWikiCommand({ config, values, positionals }: Invocation): Promise<void> {
  const file = required({ file: positionals[2] }, "file");
  const slug = required(values, "space");
  return withServices(config, ["spaces"], async ({ spaces, ctx }) => {
    const space = await spaces.get(slug);
    const db = ctx.db.kysely;
    if (values["at-root"] === true) await setWikiSpace(db, space.id);
    const root = urls.wikiRoot(space.slug, (await wikiSpaceId(db)) === space.id);
    const bar = progressBar("Import", 1);
    let size = 1;
    let fileBytes = 0;
    const { size: total, stream } = await countedFile(file, (read) => {
      fileBytes = read;
    });
    size = Math.max(total, 1);
    const report = await importWiki(db, stream, {
      spaceId: space.id,
      dataDir: config.dataDir,
      filesDir: typeof values.files === "string" ? values.files : undefined,
      onProgress: ({ bytes, pages, revisions }) =>
        bar.update(
          fileBytes / size,
          translate("fr", "wikiImport.progress", {
            pages,
            revisions,
            megabytes: (bytes / 1e6).toFixed(1),
          }),
        ),
      refresh: async (pageIds) => {
        process.stderr.write(`Rendu de ${pageIds.length} pages…\n`);
        await refreshPages(db, { spaceId: space.id, root }, pageIds);
      },
    });
    bar.done();
    process.stdout.write(describeWikiReport(report));
    if (report.stopped) process.exitCode = 1;
  });
}
