import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { FastifyReply, FastifyRequest } from "fastify";
import { chosenYear, sendPage, view } from "../../web/http.ts";
import { TransparencyView } from "./views.tsx";

/** Euros as a spreadsheet reads them: "1234,56", no thousands separator. */
function csvAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** A label a spreadsheet would run as a formula gets a leading `'`. */
function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const CSV_COLUMNS = [
  { key: "date", header: "date" },
  { key: "label", header: "libelle" },
  { key: "amount", header: "montant" },
  { key: "debitCode", header: "compte_debite" },
  { key: "debitLabel", header: "intitule_debite" },
  { key: "creditCode", header: "compte_credite" },
  { key: "creditLabel", header: "intitule_credite" },
];

/** The public transparency page of a chamber. */
export async function transparency(
  request: FastifyRequest<{ Params: { slug: string }; Querystring: { annee?: string } }>,
  reply: FastifyReply,
) {
  const year = chosenYear(request.query.annee);
  const data = await request.server.communs.transparency.page(request.params.slug, year);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("transparency.title", { year })} · ${data.space.name}`,
    <TransparencyView ctx={ctx} data={data} />,
  );
}

/** Every transfer of the year, as a spreadsheet opens it (semicolons, euros with a comma, a BOM). */
export async function transparencyCsv(
  request: FastifyRequest<{ Params: { slug: string; year: string } }>,
  reply: FastifyReply,
) {
  const year = chosenYear(request.params.year);
  const { space, transfers } = await request.server.communs.transparency.transfers(request.params.slug, year);
  async function* records() {
    for await (const m of transfers)
      yield {
        ...m,
        label: csvText(m.label),
        debitLabel: csvText(m.debitLabel),
        creditLabel: csvText(m.creditLabel),
        amount: csvAmount(m.amount),
      };
  }
  const csv = stringify({
    delimiter: ";",
    bom: true,
    header: true,
    record_delimiter: "\r\n",
    columns: CSV_COLUMNS,
  });
  pipeline(Readable.from(records()), csv, (error) => {
    if (error) request.log.error({ err: error }, "transparency CSV cut short");
  });
  return reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="mouvements-${space.slug}-${year}.csv"`)
    .send(csv);
}
