import type { ComponentChildren } from "preact";
import type { FieldErrors } from "../core/errors.ts";
import { fieldMessage } from "./i18n.ts";
import type { PageContext } from "./page.ts";

/** The field's label before its message in the error summary (`Mot de passe : …`), when it has one. */
function fieldLabel(ctx: PageContext, field: string): string {
  const key = `field.${field === "current" ? "currentPassword" : field}`;
  const label = ctx.t(key);
  return label === key ? "" : `${label} : `;
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
}) {
  const { ctx, state } = props;
  const errorKeys = Object.keys(state?.errors ?? {});
  return (
    <form method="post" action={props.action} class={props.class ?? "stack"} noValidate>
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {state?.message && (
        <div class="form-error" role="alert" tabIndex={-1}>
          <p>{state.message}</p>
          {errorKeys.length > 0 && (
            <ul>
              {errorKeys.map((field) => (
                <li key={field}>
                  <a href={`#${field}`}>
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
  label: string;
  state?: FormState;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  value?: string;
}

export function Field(props: FieldProps) {
  const error = props.state?.errors[props.name];
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = error ? `${props.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const value = props.type === "password" ? "" : (props.state?.values[props.name] ?? props.value ?? "");
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={errorId}>
          {fieldMessage(props.ctx.lang, error)}
        </p>
      )}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={value}
        autocomplete={props.autocomplete}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
    </div>
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
  const error = props.state?.errors[props.name];
  const selected = props.state?.values[props.name] ?? props.value ?? "";
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {error && (
        <p class="error" id={`${props.name}-error`}>
          {fieldMessage(props.ctx.lang, error)}
        </p>
      )}
      <select
        id={props.name}
        name={props.name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${props.name}-error` : undefined}
      >
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
    </div>
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
