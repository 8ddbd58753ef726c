import type { FastifyInstance } from "fastify";
import { requirePerson, sendPage, view } from "../../web/http.ts";
import { DirectoryNav } from "./views.tsx";

/** Facilitators' view of what is missing or doubtful in the directory's addresses; rows link to forms. */
export async function addressRoutes(app: FastifyInstance): Promise<void> {
  const { commons } = app.communs;

  app.get<{ Params: { slug: string } }>("/espaces/:slug/communs/adresses", async (request, reply) => {
    requirePerson(request);
    const { space, rows, withoutPlace, totalPlaces } = await commons.addressDashboard(
      request.person,
      request.params.slug,
    );
    const ctx = view(request, reply);
    const { t } = ctx;
    const base = `/espaces/${space.slug}/communs`;
    return sendPage(
      reply,
      ctx,
      t("addresses.title"),
      <>
        <DirectoryNav ctx={ctx} space={space} current="addresses" canCurate />
        <h1>{t("addresses.title")}</h1>
        <p role="status">{t("addresses.summary", { count: rows.length, total: totalPlaces })}</p>
        {rows.length > 0 && (
          <div class="table-scroll">
            <table>
              <caption>{t("addresses.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("commons.name")}</th>
                  <th scope="col">{t("addresses.address")}</th>
                  <th scope="col">{t("addresses.problems")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.slug}-${row.position}`}>
                    <td>
                      <a href={`${base}/${row.slug}/modifier#places.${row.position}.street`}>{row.name}</a>
                    </td>
                    <td>{[row.street, row.postcode, row.commune].filter(Boolean).join(", ")}</td>
                    <td>{row.problems.map((p) => t(`addresses.problem.${p}`)).join(" · ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {withoutPlace.length > 0 && (
          <>
            <h2>{t("addresses.withoutPlace", { count: withoutPlace.length })}</h2>
            <ul>
              {withoutPlace.map((c) => (
                <li key={c.slug}>
                  <a href={`${base}/${c.slug}/modifier`}>{c.name}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </>,
    );
  });
}
