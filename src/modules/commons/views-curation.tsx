import { Field, Form, type FormState } from "../../web/forms.tsx";
import { fieldMessage } from "../../web/i18n.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import { directoryTabs } from "./tabs.ts";
import type { DirectoryRef } from "./views-list.tsx";
import { type PlacingProps, PlacingStatus } from "./views-placing.tsx";

interface AddressRow {
  slug: string;
  name: string;
  position: number;
  street: string;
  postcode: string;
  commune: string;
  problems: string[];
}

/** Facilitators' view of what is missing or doubtful in the directory's addresses; rows link to forms. */
export function AddressesView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  rows: AddressRow[];
  withoutPlace: { slug: string; name: string }[];
  totalPlaces: number;
  geocoder: PlacingProps["geocoder"];
  counts: PlacingProps["counts"];
  job: PlacingProps["job"];
}) {
  const { ctx, space, rows, withoutPlace } = props;
  const { t } = ctx;
  return (
    <>
      <SectionTabs {...directoryTabs(t, space, "addresses", true)} />
      <h1>{t("addresses.title")}</h1>
      <PlacingStatus
        ctx={ctx}
        spaceSlug={space.slug}
        geocoder={props.geocoder}
        counts={props.counts}
        job={props.job}
      />
      <p role="status">{t("addresses.summary", { count: rows.length, total: props.totalPlaces })}</p>
      {rows.length > 0 && (
        <TableScroll>
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
                    <a href={`${urls.commonsEdit(space.slug, row.slug)}#places.${row.position}.street`}>
                      {row.name}
                    </a>
                  </td>
                  <td>{[row.street, row.postcode, row.commune].filter(Boolean).join(", ")}</td>
                  <td>{row.problems.map((p) => t(`addresses.problem.${p}`)).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {withoutPlace.length > 0 && (
        <>
          <h2>{t("addresses.withoutPlace", { count: withoutPlace.length })}</h2>
          <ul>
            {withoutPlace.map((c) => (
              <li key={c.slug}>
                <a href={urls.commonsEdit(space.slug, c.slug)}>{c.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The kinds of resource people choose from, one field each, and an empty one to add a kind. */
export function KindsView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  kinds: { slug: string; label: string }[];
  state?: FormState;
}) {
  const { ctx, space, state } = props;
  const { t } = ctx;
  const kinds = [...props.kinds, { slug: "", label: "" }];
  const error = state?.errors.kinds;
  return (
    <>
      <SectionTabs {...directoryTabs(t, space, "kinds", true)} />
      <h1>{t("commons.kinds")}</h1>
      <p>{t("commons.kindsIntro")}</p>
      <Form ctx={ctx} action={urls.commonsKinds(space.slug)} state={state}>
        {error && (
          <p class="error" id="kinds">
            {fieldMessage(ctx.lang, error)}
          </p>
        )}
        {kinds.map((kind, i) => (
          <div key={kind.slug || "new"}>
            <input type="hidden" name={`kinds.${i}.slug`} value={kind.slug} />
            <Field
              ctx={ctx}
              state={state}
              name={`kinds.${i}.label`}
              label={t("commons.kindLabel", { n: i + 1 })}
              value={kind.label}
              maxLength={60}
            />
          </div>
        ))}
        <button type="submit" class="button">
          {t("commons.save")}
        </button>
      </Form>
    </>
  );
}
