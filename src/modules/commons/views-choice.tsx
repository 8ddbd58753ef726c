import { FieldFrame, Form } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { Candidate } from "./service-merge.ts";
import type { CommonsRecord } from "./service-records.ts";
import { PlaceText } from "./views-place.tsx";

/**
 * A field choosing another record of the directory by its name: a text input (its name or short address
 * is enough without JavaScript), with suggestions as one types (choice.js fills the datalist).
 */
export function CommonsChoice(props: {
  ctx: PageContext;
  space: string;
  id: string;
  name: string;
  label: string;
  hint: string;
  value?: string;
}) {
  const list = `${props.id}-suggestions`;
  return (
    <>
      <FieldFrame ctx={props.ctx} id={props.id} label={props.label} hint={props.hint}>
        {(control) => (
          <input
            {...control}
            name={props.name}
            type="text"
            value={props.value ?? ""}
            list={list}
            autocomplete="off"
            maxLength={100}
            data-suggest={urls.commonsSuggestions(props.space)}
          />
        )}
      </FieldFrame>
      <datalist id={list} />
    </>
  );
}

export function ChoiceScript() {
  return <script src={urls.asset("choice.js")} defer />;
}

function CandidateText({ candidate }: { candidate: Candidate }) {
  return (
    <>
      <strong>{candidate.name}</strong>
      {candidate.communes.length > 0 && ` · ${candidate.communes.join(", ")}`}
      {candidate.summary && <span class="hint"> — {candidate.summary}</span>}
    </>
  );
}

/** Another search from the page: a GET form (the merge page) or the linking form itself. */
function SearchAgain(props: {
  ctx: PageContext;
  space: string;
  action: string;
  name: string;
  query: string;
  method: "get" | "post";
}) {
  const { ctx } = props;
  const fields = (
    <>
      <CommonsChoice
        ctx={ctx}
        space={props.space}
        id="search-again"
        name={props.name}
        label={ctx.t("commons.searchName")}
        hint={ctx.t("commons.searchAgain")}
        value={props.query}
      />
      <button type="submit" class="secondary">
        {ctx.t("commons.searchButton")}
      </button>
    </>
  );
  return props.method === "get" ? (
    <form method="get" action={props.action} class="row">
      {fields}
    </form>
  ) : (
    <Form ctx={ctx} action={props.action} class="row">
      {fields}
    </Form>
  );
}

function Found({ ctx, query, count }: { ctx: PageContext; query: string; count: number }) {
  return (
    <p role="status">
      {count > 0 ? ctx.t("commons.chooseFound", { count, query }) : ctx.t("commons.chooseNone", { query })}
    </p>
  );
}

/** Linking without JavaScript, when what was typed names no record alone: the matching ones to pick from. */
export function RelateChoiceView(props: {
  ctx: PageContext;
  space: string;
  record: { slug: string; name: string };
  query: string;
  candidates: Candidate[];
}) {
  const { ctx, space, record, candidates } = props;
  const { t } = ctx;
  const action = urls.commonsRelate(space, record.slug);
  return (
    <>
      <h1>{t("commons.chooseTitle", { name: record.name })}</h1>
      <Found ctx={ctx} query={props.query} count={candidates.length} />
      {candidates.length > 0 && (
        <Form ctx={ctx} action={action}>
          <fieldset class="choices">
            <legend>{t("commons.chooseOne")}</legend>
            {candidates.map((c, i) => (
              <div class="field checkbox" key={c.slug}>
                <input type="radio" id={`other-${i}`} name="other" value={c.slug} checked={i === 0} />
                <label for={`other-${i}`}>
                  <CandidateText candidate={c} />
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" class="button">
            {t("commons.relate")}
          </button>
        </Form>
      )}
      <SearchAgain ctx={ctx} space={space} action={action} name="other" query={props.query} method="post" />
      <p>
        <a href={urls.commons(space, record.slug)}>{t("commons.backToRecord", { name: record.name })}</a>
      </p>
      <ChoiceScript />
    </>
  );
}

function Column(props: { ctx: PageContext; title: string; record: Merged; name: string; summary: string }) {
  const { ctx, record } = props;
  const { t } = ctx;
  const none = <span class="hint">{t("commons.nothing")}</span>;
  return (
    <section class="panel">
      <h2>{props.title}</h2>
      <dl>
        <dt>{t("commons.name")}</dt>
        <dd>{props.name}</dd>
        <dt>{t("commons.summary")}</dt>
        <dd>{props.summary || none}</dd>
        <dt>{t("commons.places")}</dt>
        <dd>
          {record.places.length === 0
            ? none
            : record.places.map((place, i) => (
                <p key={i}>
                  <PlaceText ctx={ctx} place={place} />
                </p>
              ))}
        </dd>
        <dt>{t("commons.links")}</dt>
        <dd>{record.links.length === 0 ? none : record.links.map((l) => <p key={l.url}>{l.url}</p>)}</dd>
        <dt>{t("commons.tags")}</dt>
        <dd>{record.tags.join(", ") || none}</dd>
        <dt>{t("commons.origins")}</dt>
        <dd>{record.origins.map((o) => `${o.source} · ${o.id}`).join(", ") || none}</dd>
      </dl>
    </section>
  );
}

type Merged = Pick<CommonsRecord, "places" | "links" | "tags" | "origins">;

/**
 * The merge's confirmation: both records and what the merged one will hold, then « Fusionner »; or,
 * while no duplicate is chosen, the records matching what was typed.
 */
export function MergeView(props: {
  ctx: PageContext;
  keep: CommonsRecord;
  drop?: CommonsRecord;
  merged?: Merged;
  query: string;
  candidates: Candidate[];
}) {
  const { ctx, keep, drop, merged } = props;
  const { t } = ctx;
  const space = keep.space.slug;
  const repeated = drop && merged ? keep.places.length + drop.places.length - merged.places.length : 0;
  return (
    <>
      <h1>{t("commons.mergeTitle", { name: keep.name })}</h1>
      {drop && merged ? (
        <>
          <p>{t("commons.mergeIntro", { drop: drop.name, keep: keep.name })}</p>
          <div class="merge-compare">
            <Column
              ctx={ctx}
              title={t("commons.mergeKept")}
              record={keep}
              name={keep.name}
              summary={keep.summary}
            />
            <Column
              ctx={ctx}
              title={t("commons.mergeDropped")}
              record={drop}
              name={drop.name}
              summary={drop.summary}
            />
            <Column
              ctx={ctx}
              title={t("commons.mergeResult")}
              record={merged}
              name={keep.name}
              summary={keep.summary}
            />
          </div>
          {repeated > 0 && <p>{t("commons.mergeRepeated", { count: repeated })}</p>}
          <Form ctx={ctx} action={urls.commonsMerge(space, keep.slug)}>
            <input type="hidden" name="other" value={drop.slug} />
            <button type="submit" class="danger">
              {t("commons.mergeConfirm")}
            </button>
          </Form>
        </>
      ) : (
        <>
          {props.query !== "" && <Found ctx={ctx} query={props.query} count={props.candidates.length} />}
          {props.candidates.length > 0 && (
            <>
              <p>{t("commons.mergePick")}</p>
              <ul>
                {props.candidates.map((c) => (
                  <li key={c.slug}>
                    <a href={urls.commonsMerge(space, keep.slug, c.slug)}>
                      <CandidateText candidate={c} />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <SearchAgain
            ctx={ctx}
            space={space}
            action={urls.commonsMerge(space, keep.slug)}
            name="autre"
            query={props.query}
            method="get"
          />
        </>
      )}
      <p>
        <a href={urls.commons(space, keep.slug)}>{t("commons.backToRecord", { name: keep.name })}</a>
      </p>
      <ChoiceScript />
    </>
  );
}
