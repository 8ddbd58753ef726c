import {
  COMMONS_STATUSES,
  emptyPlace,
  LINK_TYPES,
  type LinkInput,
  type PlaceInput,
} from "../../core/commons.ts";
import { Field, Form, type FormState, Select } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { SectionTabs } from "../../web/tabs.tsx";
import { urls } from "../../web/urls.ts";
import type { Duplicate } from "./service-records.ts";
import { directoryTabs } from "./tabs.ts";
import type { DirectoryRef } from "./views-list.tsx";

type Kind = { slug: string; label: string };

function PlaceFields(props: {
  ctx: PageContext;
  i: number;
  place: PlaceInput;
  state?: FormState;
  geocoding: boolean;
}) {
  const { ctx, i, place, state, geocoding } = props;
  const { t } = ctx;
  const name = (field: string) => `places.${i}.${field}`;
  const value = (field: string, fallback: string) => state?.values[name(field)] ?? fallback;
  const coord = (n: number | null) => (n === null ? "" : String(n));
  return (
    <fieldset class="place" data-place={i}>
      <legend>{t("commons.placeN", { n: i + 1 })}</legend>
      <Field
        ctx={ctx}
        state={state}
        name={name("label")}
        label={t("commons.placeLabel")}
        value={value("label", place.label)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("street")}
        label={t("commons.street")}
        autocomplete="street-address"
        value={value("street", place.street)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("postcode")}
        label={t("commons.postcode")}
        autocomplete="postal-code"
        value={value("postcode", place.postcode)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("commune")}
        label={t("commons.commune")}
        value={value("commune", place.commune)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("inseeCode")}
        label={t("commons.insee")}
        value={value("inseeCode", place.inseeCode)}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("country")}
        label={t("commons.country")}
        value={value("country", place.country)}
      />
      <div class="coordinates">
        <Field
          ctx={ctx}
          state={state}
          name={name("latitude")}
          label={t("commons.latitude")}
          hint={t(geocoding ? "commons.coordinatesHint" : "commons.coordinatesHintManual")}
          value={value("latitude", coord(place.latitude))}
        />
        <Field
          ctx={ctx}
          state={state}
          name={name("longitude")}
          label={t("commons.longitude")}
          value={value("longitude", coord(place.longitude))}
        />
      </div>
      <div class="field checkbox">
        <input
          type="checkbox"
          id={name("coarse")}
          name={name("coarse")}
          value="1"
          checked={state ? state.values[name("coarse")] === "1" : place.coarse}
        />
        <label for={name("coarse")}>{t("commons.coarse")}</label>
      </div>
    </fieldset>
  );
}

function LinkFields(props: { ctx: PageContext; i: number; link: LinkInput; state?: FormState }) {
  const { ctx, i, link, state } = props;
  const { t } = ctx;
  const name = (field: string) => `links.${i}.${field}`;
  return (
    <fieldset class="link">
      <legend>{t("commons.linkN", { n: i + 1 })}</legend>
      <Select
        ctx={ctx}
        state={state}
        name={name("type")}
        label={t("commons.linkType")}
        value={link.type}
        options={LINK_TYPES.map((type) => ({ value: type, label: t(`commons.link.${type}`) }))}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("url")}
        label={t("commons.url")}
        type="url"
        value={state?.values[name("url")] ?? link.url}
      />
      <Field
        ctx={ctx}
        state={state}
        name={name("label")}
        label={t("commons.linkLabel")}
        value={state?.values[name("label")] ?? link.label}
      />
    </fieldset>
  );
}

export interface FormRecord {
  name: string;
  summary: string;
  description: string;
  kind: string;
  status: string;
  contact: string;
  tags: string[];
  places: PlaceInput[];
  links: LinkInput[];
}

export function blankRecord(): FormRecord {
  return {
    name: "",
    summary: "",
    description: "",
    kind: "",
    status: "active",
    contact: "",
    tags: [],
    places: [],
    links: [],
  };
}

export function FormView(props: {
  ctx: PageContext;
  space: DirectoryRef;
  action: string;
  title: string;
  record: FormRecord;
  kinds: Kind[];
  tagSuggestions: string[];
  state?: FormState;
  duplicates?: Duplicate[];
  extraPlaces?: number;
  tiles: string;
  attribution: string;
  /** Whether addresses get coordinates by themselves (a geocoder is set). */
  geocoding: boolean;
}) {
  const { ctx, record, state } = props;
  const { t } = ctx;
  const places = [...record.places, ...Array.from({ length: 1 + (props.extraPlaces ?? 0) }, emptyPlace)];
  const links = [...record.links, { type: "website" as const, url: "", label: "" }];
  return (
    <>
      <SectionTabs {...directoryTabs(t, props.space, "none", false)} />
      <h1>{props.title}</h1>
      {props.duplicates && props.duplicates.length > 0 && (
        <div class="notice" role="alert">
          <p>{t("commons.duplicatesFound")}</p>
          <ul>
            {props.duplicates.map((d) => (
              <li key={d.id}>
                <a href={urls.commons(props.space.slug, d.slug)}>{d.name}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Form ctx={ctx} action={props.action} state={state} class="stack commons-form">
        <Field
          ctx={ctx}
          state={state}
          name="name"
          label={t("commons.name")}
          required
          maxLength={160}
          value={record.name}
        />
        <Field
          ctx={ctx}
          state={state}
          name="summary"
          label={t("commons.summary")}
          maxLength={400}
          value={record.summary}
        />
        <div class="field">
          <label for="description">{t("commons.description")}</label>
          <p class="hint" id="description-hint">
            {t("commons.descriptionHint")}
          </p>
          <textarea id="description" name="description" rows={8} aria-describedby="description-hint">
            {state?.values.description ?? record.description}
          </textarea>
        </div>
        <Select
          ctx={ctx}
          state={state}
          name="kind"
          label={t("commons.kind")}
          value={record.kind}
          options={props.kinds.map((k) => ({ value: k.slug, label: k.label }))}
        />
        <Select
          ctx={ctx}
          state={state}
          name="status"
          label={t("commons.status")}
          value={record.status}
          options={COMMONS_STATUSES.map((s) => ({ value: s, label: t(`commons.status.${s}`) }))}
        />
        <div class="field">
          <label for="tags">{t("commons.tags")}</label>
          <p class="hint" id="tags-hint">
            {t("commons.tagsHint")}
          </p>
          <input
            id="tags"
            name="tags"
            type="text"
            list="tag-suggestions"
            aria-describedby="tags-hint"
            value={state?.values.tags ?? record.tags.join(", ")}
          />
          <datalist id="tag-suggestions">
            {props.tagSuggestions.map((label) => (
              <option key={label} value={label} />
            ))}
          </datalist>
        </div>
        <Field
          ctx={ctx}
          state={state}
          name="contact"
          label={t("commons.contact")}
          hint={t("commons.contactHint")}
          value={record.contact}
        />
        <h2>{t("commons.places")}</h2>
        {places.map((place, i) => (
          <PlaceFields key={i} ctx={ctx} i={i} place={place} state={state} geocoding={props.geocoding} />
        ))}
        <button type="submit" name="_action" value="addPlace" class="secondary">
          {t("commons.addPlace")}
        </button>
        <h2>{t("commons.links")}</h2>
        {links.map((link, i) => (
          <LinkFields key={i} ctx={ctx} i={i} link={link} state={state} />
        ))}
        <input type="hidden" name="extraPlaces" value={String(props.extraPlaces ?? 0)} />
        {props.duplicates && props.duplicates.length > 0 && (
          <div class="field checkbox">
            <input type="checkbox" id="confirmDuplicate" name="confirmDuplicate" value="1" />
            <label for="confirmDuplicate">{t("commons.notADuplicate")}</label>
          </div>
        )}
        <button type="submit" class="button">
          {t("commons.save")}
        </button>
      </Form>
      <link rel="stylesheet" href={urls.asset("vendor/leaflet/leaflet.css")} />
      <link rel="stylesheet" href={urls.asset("map.css")} />
      <script src={urls.asset("vendor/leaflet/leaflet.js")} defer />
      <script
        src={urls.asset("map.js")}
        defer
        data-tiles={props.tiles}
        data-attribution={props.attribution}
        data-pin-hint={t("commons.pinHint")}
      />
    </>
  );
}
