import type { ComponentChildren } from "preact";
import type { FieldErrors } from "../core/errors.ts";
import { fieldMessage } from "./i18n.ts";
import type { PageContext } from "./page.ts";

/** The field's label before its message in the error summary (`Mot de passe : …`), when it has one. */
function fieldLabel(ctx: PageContext, field: string): string {
  const key = `field.${field === "current" ? "currentPassword" : field}`;
  const label = ctx.t(key);
  return label === key ? "" : `${label}${ctx.lang === "fr" ? "\u202f" : " "}: `;
}

/** What a form view needs to show itself again after a refused submission. */
export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

export const emptyForm: FormState = { values: {}, errors: {} };

export function Form(props: {
  ctx: PageContext;
  action: string;
  state?: FormState;
  children: ComponentChildren;
  class?: string;
  /** "multipart/form-data" for a form that sends a file. */
  encType?: string;
  /** What the ids of its fields start with, when the form is one of several alike on a page. */
  idPrefix?: string;
}) {
  const { ctx, state } = props;
  const errorKeys = Object.keys(state?.errors ?? {});
  return (
    <form
      method="post"
      action={props.action}
      class={props.class ?? "stack"}
      encType={props.encType}
      noValidate
    >
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {state?.message && (
        <div class="form-error" role="alert" tabIndex={-1}>
          <p>{state.message}</p>
          {errorKeys.length > 0 && (
            <ul>
              {errorKeys.map((field) => (
                <li key={field}>
                  <a href={`#${props.idPrefix ?? ""}${field}`}>
                    {fieldLabel(ctx, field)}
                    {fieldMessage(ctx.lang, state.errors[field] ?? "field.invalid")}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {props.children}
    </form>
  );
}

interface FieldProps {
  ctx: PageContext;
  name: string;
  /** The control's id, when it is not its name (a form repeated on a page). */
  id?: string;
  label: string;
  state?: FormState;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  value?: string;
}

/** What ties a control to its label, hint and error. */
export interface ControlAttributes {
  id: string;
  "aria-invalid"?: "true";
  "aria-describedby"?: string;
}

/**
 * A field's label, hint and error around its control, which `children` draws with the attributes given.
 * `Field` and `Select` are made of it; a view uses it for a control they do not draw (a textarea) or an
 * id apart from the field's name (a form repeated on a page).
 */
export function FieldFrame(props: {
  ctx: PageContext;
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (control: ControlAttributes) => ComponentChildren;
}) {
  const { id, hint, error } = props;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{props.label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={errorId}>
          {fieldMessage(props.ctx.lang, error)}
        </p>
      )}
      {props.children({
        id,
        "aria-invalid": error ? "true" : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      })}
    </div>
  );
}

export function Field(props: FieldProps) {
  const value = props.type === "password" ? "" : (props.state?.values[props.name] ?? props.value ?? "");
  return (
    <FieldFrame
      ctx={props.ctx}
      id={props.id ?? props.name}
      label={props.label}
      hint={props.hint}
      error={props.state?.errors[props.name]}
    >
      {(control) => (
        <input
          {...control}
          name={props.name}
          type={props.type ?? "text"}
          value={value}
          autocomplete={props.autocomplete}
          required={props.required}
          maxLength={props.maxLength}
        />
      )}
    </FieldFrame>
  );
}

export function Select(props: {
  ctx: PageContext;
  name: string;
  label: string;
  /** `lang` marks an option written in another language than the page (a language's own name). */
  options: { value: string; label: string; lang?: string }[];
  state?: FormState;
  value?: string;
}) {
  const selected = props.state?.values[props.name] ?? props.value ?? "";
  return (
    <FieldFrame ctx={props.ctx} id={props.name} label={props.label} error={props.state?.errors[props.name]}>
      {(control) => (
        <select {...control} name={props.name}>
          {props.options.map((option) => (
            <option
              key={option.value}
              value={option.value}
              selected={option.value === selected}
              lang={option.lang}
            >
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A one-button form for an action (join, leave, accept…): a POST with its CSRF token. */
export function ActionButton(props: {
  ctx: PageContext;
  action: string;
  label: string;
  /** What the button acts on, for screen readers when a list repeats the same button ("Accepter"). */
  about?: string;
  kind?: "primary" | "secondary" | "danger";
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
      <button type="submit" class={props.kind ?? "secondary"}>
        {props.label}
        {props.about && <span class="visually-hidden"> — {props.about}</span>}
      </button>
    </form>
  );
}
