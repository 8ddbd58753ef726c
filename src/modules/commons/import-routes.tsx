import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { Form } from "../../web/forms.tsx";
import { requirePerson, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { countedFile, fieldMappings } from "./cli.ts";
import { IMPORTERS, type ImportFormat } from "./formats/index.ts";
import type { ImportReport } from "./import.ts";
import { DirectoryNav, type DirectoryRef } from "./views.tsx";

type SpaceParams = { Params: { slug: string } };
type UploadParams = { Params: { slug: string; upload: string } };

interface UploadMeta {
  space: string;
  personId: string;
  format: ImportFormat;
  template: string;
  fields: Record<string, string>;
  filename: string;
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

function ImportForm({ ctx, space, error }: { ctx: PageContext; space: DirectoryRef; error?: string }) {
  const { t } = ctx;
  return (
    <form
      method="post"
      action={`/espaces/${space.slug}/communs/import`}
      encType="multipart/form-data"
      class="stack"
    >
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {error && (
        <div class="form-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <div class="field">
        <label for="format">{t("import.format")}</label>
        <select id="format" name="format">
          {Object.keys(IMPORTERS).map((format) => (
            <option key={format} value={format}>
              {t(`import.format.${format}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="template">{t("import.template")}</label>
        <p class="hint" id="template-hint">
          {t("import.templateHint")}
        </p>
        <input id="template" name="template" type="text" aria-describedby="template-hint" />
      </div>
      <div class="field">
        <label for="fields">{t("import.fields")}</label>
        <p class="hint" id="fields-hint">
          {t("import.fieldsHint")}
        </p>
        <textarea id="fields" name="fields" rows={3} aria-describedby="fields-hint" />
      </div>
      <div class="field">
        <label for="file">{t("import.file")}</label>
        <input id="file" name="file" type="file" required />
      </div>
      <button type="submit" class="button">
        {t("import.preview")}
      </button>
    </form>
  );
}

function ReportView(props: { ctx: PageContext; report: ImportReport }) {
  const { ctx, report } = props;
  const { t } = ctx;
  const counts = ["read", "created", "updated", "unchanged", "skipped", "invalid"] as const;
  return (
    <>
      {report.failure && (
        <div class="form-error" role="alert">
          <p>{t("import.failed", { reason: t(report.failure.key, report.failure.params) })}</p>
        </div>
      )}
      <table>
        <caption>{t(report.dryRun ? "import.wouldDo" : "import.done")}</caption>
        <tbody>
          {counts.map((c) => (
            <tr key={c}>
              <th scope="row">{t(`import.count.${c}`)}</th>
              <td>{report[c]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("import.count.noCoordinates")}</th>
            <td>{report.placesWithoutCoordinates}</td>
          </tr>
        </tbody>
      </table>
      {report.samples.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption>{t("import.samples")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.at")}</th>
                <th scope="col">{t("commons.name")}</th>
                <th scope="col">{t("commons.commune")}</th>
                <th scope="col">{t("commons.tags")}</th>
                <th scope="col">{t("import.action")}</th>
              </tr>
            </thead>
            <tbody>
              {report.samples.map((s) => (
                <tr key={s.at}>
                  <td>{s.at}</td>
                  <td>{s.name}</td>
                  <td>{s.commune}</td>
                  <td>{s.tags.join(", ")}</td>
                  <td>{t(`import.action.${s.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.problems.length > 0 && (
        <>
          <h2>{t("import.problems")}</h2>
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.at} ${p.reason.key}`}>
                {p.at} : {t(p.reason.key, p.reason.params)}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.duplicates.length > 0 && (
        <>
          <h2>{t("import.duplicates")}</h2>
          <ul>
            {report.duplicates.map((d) => (
              <li key={d.at}>
                {d.at} : {d.name} ≈ {d.of.map((o) => o.name).join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * Imports from the web: the file is kept under the data folder, tried (a dry run in a transaction
 * rolled back) to show what would happen, then imported for real once confirmed.
 */
export async function commonsImportRoutes(app: FastifyInstance): Promise<void> {
  const { commons, imports, config } = app.communs;
  const folder = path.join(config.dataDir, "imports");

  async function curate(request: FastifyRequest<SpaceParams>) {
    const space = await commons.directory(request.params.slug);
    await commons.authorise(request.person, space, "commons.curate");
    return space;
  }

  app.get<SpaceParams>("/espaces/:slug/communs/import", async (request, reply) => {
    const space = await curate(request);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("import.title"),
      <>
        <DirectoryNav ctx={ctx} space={space} current="import" canCurate />
        <h1>{ctx.t("import.title")}</h1>
        <p>{ctx.t("import.intro")}</p>
        <ImportForm ctx={ctx} space={space} />
      </>,
    );
  });

  function runUpload(meta: UploadMeta, file: string, dryRun: boolean, personId: string, isAdmin: boolean) {
    const format = IMPORTERS[meta.format];
    return imports.run(
      { id: personId, isAdmin },
      meta.space,
      () =>
        format.importer(createReadStream(file), {
          filename: meta.filename,
          template: meta.template,
          fields: meta.fields,
        }),
      { dryRun },
    );
  }

  app.post<SpaceParams>("/espaces/:slug/communs/import", async (request, reply) => {
    const space = await curate(request);
    const person = requirePerson(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const upload = uploadedFile(body, "file");
    const ctx = view(request, reply);
    const format = String(body.format ?? "") as ImportFormat;
    const again = (error: string) =>
      sendPage(
        reply,
        ctx,
        ctx.t("import.title"),
        <>
          <DirectoryNav ctx={ctx} space={space} current="import" canCurate />
          <h1>{ctx.t("import.title")}</h1>
          <ImportForm ctx={ctx} space={space} error={error} />
        </>,
        400,
      );
    if (!upload || upload.size === 0) return again(ctx.t("import.noFile"));
    if (!IMPORTERS[format]) return again(ctx.t("import.formatUnknown"));
    const template = String(body.template ?? "").trim();
    if (format === "mediawiki" && template === "") return again(ctx.t("import.templateRequired"));
    let fields: Record<string, string>;
    try {
      fields = fieldMappings(
        String(body.fields ?? "")
          .split(/\r?\n/)
          .filter((l) => l.trim() !== ""),
      );
    } catch {
      return again(ctx.t("import.fieldsInvalid"));
    }
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const kept = path.join(folder, path.basename(upload.file));
    await rename(upload.file, kept);
    const meta: UploadMeta = {
      space: space.slug,
      personId: person.id,
      format,
      template,
      fields,
      filename: upload.filename,
    };
    await writeFile(`${kept}.json`, JSON.stringify(meta), { mode: 0o600 });
    const report = await runUpload(meta, kept, true, person.id, person.isAdmin);
    const id = path.basename(kept);
    return sendPage(
      reply,
      ctx,
      ctx.t("import.previewTitle"),
      <>
        <DirectoryNav ctx={ctx} space={space} current="import" canCurate />
        <h1>{ctx.t("import.previewTitle")}</h1>
        <p>{upload.filename}</p>
        <ReportView ctx={ctx} report={report} />
        {!report.failure && report.created + report.updated > 0 && (
          <Form ctx={ctx} action={`/espaces/${space.slug}/communs/import/${id}`}>
            <button type="submit" class="button">
              {ctx.t("import.confirm")}
            </button>
          </Form>
        )}
      </>,
      report.failure ? 400 : 200,
    );
  });

  /**
   * Imports confirmed on the web run in the background, one per uploaded file: the page that follows
   * shows how far the file has been read and refreshes itself (no JavaScript needed) until the report.
   * Jobs live in this process's memory and are forgotten an hour after they end.
   */
  const jobs = new Map<string, ImportJob>();

  app.post<UploadParams>("/espaces/:slug/communs/import/:upload", async (request, reply) => {
    const space = await curate(request);
    const person = requirePerson(request);
    const id = request.params.upload;
    if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
    const progressPage = `/espaces/${space.slug}/communs/import/${id}`;
    if (jobs.has(id)) return reply.redirect(progressPage, 303);
    const file = path.join(folder, id);
    const meta = await readFile(`${file}.json`, "utf8")
      .then((text) => JSON.parse(text) as UploadMeta)
      .catch(() => {
        throw new DomainError("IMPORT_NOT_FOUND");
      });
    if (meta.space !== space.slug || meta.personId !== person.id) throw new DomainError("IMPORT_NOT_FOUND");
    const job: ImportJob = {
      space: space.slug,
      personId: person.id,
      filename: meta.filename,
      bytes: 0,
      size: 1,
      report: null,
      failed: false,
    };
    jobs.set(id, job);
    const { size, stream } = await countedFile(file, (bytes) => {
      job.bytes = bytes;
    });
    job.size = Math.max(size, 1);
    imports
      .run(
        { id: person.id, isAdmin: person.isAdmin },
        meta.space,
        () =>
          IMPORTERS[meta.format].importer(stream, {
            filename: meta.filename,
            template: meta.template,
            fields: meta.fields,
          }),
        { dryRun: false },
      )
      .then((report) => {
        job.report = report;
      })
      .catch((error: unknown) => {
        job.failed = true;
        app.log.error({ err: error }, "web import failed");
      })
      .finally(async () => {
        await rm(file, { force: true });
        await rm(`${file}.json`, { force: true });
        setTimeout(() => jobs.delete(id), JOB_KEPT_MS).unref();
      });
    return reply.redirect(progressPage, 303);
  });

  app.get<UploadParams>("/espaces/:slug/communs/import/:upload", async (request, reply) => {
    const space = await curate(request);
    const job = jobs.get(request.params.upload);
    if (!job || job.space !== space.slug || job.personId !== request.person?.id)
      throw new DomainError("IMPORT_NOT_FOUND");
    const ctx = view(request, reply);
    const running = !job.report && !job.failed;
    // Browsers reload a page that says so in this header, JavaScript or not.
    if (running) reply.header("refresh", "1");
    const percent = Math.min(100, Math.round((job.bytes / job.size) * 100));
    return sendPage(
      reply,
      ctx,
      ctx.t(running ? "import.runningTitle" : "import.reportTitle"),
      <>
        <DirectoryNav ctx={ctx} space={space} current="import" canCurate />
        <h1>{ctx.t(running ? "import.runningTitle" : "import.reportTitle")}</h1>
        <p>{job.filename}</p>
        {running && (
          <p role="status">
            <label for="import-progress">{ctx.t("import.progress", { percent })}</label>{" "}
            <progress id="import-progress" max={100} value={percent}>
              {percent} %
            </progress>
          </p>
        )}
        {job.failed && (
          <div class="form-error" role="alert">
            <p>{ctx.t("error.INTERNAL")}</p>
          </div>
        )}
        {job.report && <ReportView ctx={ctx} report={job.report} />}
        {!running && (
          <p>
            <a href={`/espaces/${space.slug}/communs`}>{ctx.t("import.backToList")}</a>
          </p>
        )}
      </>,
      job.report?.failure ? 400 : 200,
    );
  });
}

interface ImportJob {
  space: string;
  personId: string;
  filename: string;
  bytes: number;
  size: number;
  report: ImportReport | null;
  failed: boolean;
}

const JOB_KEPT_MS = 60 * 60 * 1000;
