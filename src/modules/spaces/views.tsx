import { can, MEMBERSHIP_ROLES } from "../../core/policy.ts";
import type { SpaceProperties } from "../../core/spaces.ts";
import { ActionButton, emptyForm, Field, Form, type FormState, Select } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import type { Space } from "./service.ts";

export interface MembershipState {
  role: string;
  status: string;
}

function SpaceHeader({
  ctx,
  space,
  current,
  showDonations = false,
  showClaims = false,
}: {
  ctx: PageContext;
  space: Space;
  current: "home" | "about" | "members" | "audit";
  /** The viewer books the chamber's money: the donations tab is theirs. */
  showDonations?: boolean;
  /** The viewer is a member of the chamber: expense claims are theirs to submit. */
  showClaims?: boolean;
}) {
  const { t } = ctx;
  const base = `/espaces/${space.slug}`;
  const tabs = [
    { id: "home", href: base, label: t("space.overview") },
    { id: "about", href: `${base}/a-propos`, label: t("space.about") },
    { id: "members", href: `${base}/membres`, label: t("space.members") },
    ...(space.kind === "assembly"
      ? [
          { id: "commons", href: `${base}/communs`, label: t("commons.directory") },
          { id: "map", href: `${base}/carte`, label: t("commons.map") },
        ]
      : [
          { id: "transparency", href: `${base}/transparence`, label: t("transparency.tab") },
          ...(showClaims ? [{ id: "claims", href: `${base}/notes-de-frais`, label: t("claims.tab") }] : []),
          ...(showDonations ? [{ id: "donations", href: `${base}/dons`, label: t("donations.tab") }] : []),
          ...(showDonations
            ? [{ id: "treasury", href: `${base}/comptabilite`, label: t("treasury.tab") }]
            : []),
        ]),
  ];
  return (
    <header class="space-header">
      <p class="kicker">{t(`kind.${space.kind}`)}</p>
      <h1>{space.name}</h1>
      <p class="meta">
        {space.territory && t("space.territory", { value: space.territory })}
        {space.theme && t("space.theme", { value: space.theme })}
        {space.assembly && (
          <>
            {" · "}
            <a href={`/espaces/${space.assembly.slug}`}>
              {t("space.linkedAssembly", { name: space.assembly.name })}
            </a>
          </>
        )}
      </p>
      <nav aria-label={t("space.sections", { name: space.name })} class="tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.id}>
              <a href={tab.href} aria-current={tab.id === current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/**
 * A refused request to join shows its message: in the form when there is one (a chamber to request),
 * above the panel otherwise (a request crafted for an open space or by a member).
 */
function JoinPanel(props: {
  ctx: PageContext;
  space: Space;
  membership: MembershipState | undefined;
  state?: FormState;
}) {
  const status = props.membership?.status;
  const withForm =
    props.ctx.person &&
    status !== "active" &&
    status !== "pending" &&
    props.space.properties.access !== "open";
  return (
    <>
      {!withForm && props.state?.message && (
        <div class="form-error" role="alert">
          <p>{props.state.message}</p>
        </div>
      )}
      <JoinChoice {...props} />
    </>
  );
}

function JoinChoice({
  ctx,
  space,
  membership,
  state,
}: {
  ctx: PageContext;
  space: Space;
  membership: MembershipState | undefined;
  state?: FormState;
}) {
  const { t } = ctx;
  const base = `/espaces/${space.slug}`;
  if (!ctx.person) {
    return (
      <p>
        <a href={`/connexion?suite=${encodeURIComponent(base)}`}>{t("space.loginToJoin")}</a>
      </p>
    );
  }
  if (membership?.status === "active") {
    return (
      <div class="panel">
        <p>
          {membership.role === "member"
            ? t("space.youAreMemberPlain")
            : t("space.youAreMember", { role: t(`role.${membership.role}`) })}
        </p>
        <ActionButton ctx={ctx} action={`${base}/quitter`} label={t("space.leave")} />
      </div>
    );
  }
  if (membership?.status === "pending") {
    return (
      <div class="panel">
        <p>{t("space.youArePending")}</p>
        <ActionButton ctx={ctx} action={`${base}/quitter`} label={t("space.cancelRequest")} />
      </div>
    );
  }
  if (space.properties.access === "open") {
    return <ActionButton ctx={ctx} action={`${base}/rejoindre`} label={t("space.join")} kind="primary" />;
  }
  return (
    <div class="panel">
      <h2>{t("space.requestJoin")}</h2>
      <p class="hint">{t("space.requestHint")}</p>
      <Form ctx={ctx} action={`${base}/rejoindre`} state={state}>
        <Field
          ctx={ctx}
          state={state}
          name="introduction"
          label={t("field.joinIntroduction")}
          required
          maxLength={500}
        />
        <button type="submit" class="primary">
          {t("space.requestJoin")}
        </button>
      </Form>
    </div>
  );
}

export function SpaceView(props: {
  ctx: PageContext;
  space: Space;
  membership: MembershipState | undefined;
  canManage: boolean;
  state?: FormState;
  /** For a chamber: the commons of assemblies' directories it is linked to. */
  linkedCommons: { url: string; name: string; summary: string }[];
}) {
  const { ctx, space } = props;
  return (
    <>
      <SpaceHeader
        ctx={ctx}
        space={space}
        current="home"
        showDonations={can(ctx.person, "ledger.book", props)}
        showClaims={can(ctx.person, "claim.list", props)}
      />
      {space.summary && <p class="lead">{space.summary}</p>}
      <JoinPanel ctx={ctx} space={space} membership={props.membership} state={props.state} />
      {props.linkedCommons.length > 0 && (
        <section>
          <h2>{ctx.t("space.linkedCommons")}</h2>
          <ul>
            {props.linkedCommons.map((c) => (
              <li key={c.url}>
                <a href={c.url}>{c.name}</a>
                {c.summary && ` — ${c.summary}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.canManage && (
        <p>
          <a href={`/espaces/${space.slug}/journal`}>{ctx.t("space.audit")}</a>
        </p>
      )}
    </>
  );
}

const PROPERTY_ORDER: (keyof SpaceProperties)[] = [
  "territorial",
  "decisionMode",
  "functions",
  "access",
  "forkPolicy",
  "formalisation",
];

function propertyValue(ctx: PageContext, value: SpaceProperties[keyof SpaceProperties]): string {
  if (typeof value === "boolean") return ctx.t(value ? "value.yes" : "value.no");
  return ctx.t(`value.${value}`);
}

export function AboutView({ ctx, space }: { ctx: PageContext; space: Space }) {
  return (
    <>
      <SpaceHeader ctx={ctx} space={space} current="about" />
      <table class="properties">
        <caption>{ctx.t("space.propertiesCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{ctx.t("space.property")}</th>
            <th scope="col">{ctx.t("space.value")}</th>
          </tr>
        </thead>
        <tbody>
          {PROPERTY_ORDER.map((name) => (
            <tr key={name}>
              <th scope="row">{ctx.t(`prop.${name}`)}</th>
              <td data-property={name}>{propertyValue(ctx, space.properties[name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export interface MemberRow {
  id: string;
  displayName: string;
  role: string;
  introduction: string;
  personIntroduction: string;
}

/** Requests to join, shown first to those who decide them: they are what needs doing. */
function PendingRequests({ ctx, base, pending }: { ctx: PageContext; base: string; pending: MemberRow[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="pending">
      <h2 id="pending">{t("members.pending")}</h2>
      {pending.length === 0 ? (
        <p class="empty">{t("members.nonePending")}</p>
      ) : (
        <ul class="members">
          {pending.map((request) => (
            <li key={request.id}>
              <strong>{request.displayName}</strong>
              <blockquote>{request.introduction}</blockquote>
              <ActionButton
                ctx={ctx}
                action={`${base}/${request.id}/accepter`}
                label={t("members.accept")}
                about={request.displayName}
                kind="primary"
              />{" "}
              <ActionButton
                ctx={ctx}
                action={`${base}/${request.id}/decliner`}
                label={t("members.decline")}
                about={request.displayName}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MembersView(props: {
  ctx: PageContext;
  space: Space;
  active: MemberRow[];
  pending: MemberRow[];
  canManage: boolean;
}) {
  const { ctx, space } = props;
  const { t } = ctx;
  const base = `/espaces/${space.slug}/membres`;
  return (
    <>
      <SpaceHeader ctx={ctx} space={space} current="members" />
      {props.canManage && <PendingRequests ctx={ctx} base={base} pending={props.pending} />}
      <h2>{t("members.title", { name: space.name })}</h2>
      {!ctx.person ? (
        <p class="empty">{t("members.loginToSee")}</p>
      ) : props.active.length === 0 ? (
        <p class="empty">{t("members.none")}</p>
      ) : (
        <ul class="members">
          {props.active.map((member) => (
            <li key={member.id}>
              <strong>{member.displayName}</strong> — {t(`role.${member.role}`)}
              {member.personIntroduction && <p class="meta">{member.personIntroduction}</p>}
              {props.canManage && (
                <form method="post" action={`${base}/${member.id}/role`} class="row">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <label for={`role-${member.id}`} class="visually-hidden">
                    {t("field.role")} — {member.displayName}
                  </label>
                  <select id={`role-${member.id}`} name="role">
                    {MEMBERSHIP_ROLES.map((role) => (
                      <option key={role} value={role} selected={role === member.role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit">
                    {t("members.changeRole")}
                    <span class="visually-hidden"> — {member.displayName}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function NewSpaceView({
  ctx,
  assemblies,
  state = emptyForm,
}: {
  ctx: PageContext;
  assemblies: { slug: string; name: string }[];
  state?: FormState;
}) {
  const { t } = ctx;
  return (
    <section class="narrow">
      <h1>{t("space.new")}</h1>
      <Form ctx={ctx} action="/espaces" state={state}>
        <Select
          ctx={ctx}
          state={state}
          name="kind"
          label={t("field.kind")}
          options={[
            { value: "assembly", label: t("kind.assembly") },
            { value: "chamber", label: t("kind.chamber") },
          ]}
        />
        <Field ctx={ctx} state={state} name="name" label={t("field.name")} required maxLength={120} />
        <Field
          ctx={ctx}
          state={state}
          name="slug"
          label={t("field.slug")}
          hint={t("field.slugHint")}
          maxLength={60}
        />
        <Field ctx={ctx} state={state} name="summary" label={t("field.summary")} maxLength={300} />
        <Field
          ctx={ctx}
          state={state}
          name="territory"
          label={t("field.territory")}
          hint={t("field.territoryHint")}
          maxLength={120}
        />
        <Field
          ctx={ctx}
          state={state}
          name="theme"
          label={t("field.theme")}
          hint={t("field.themeHint")}
          maxLength={120}
        />
        <Select
          ctx={ctx}
          state={state}
          name="assembly"
          label={t("field.assembly")}
          options={[
            { value: "", label: t("field.noAssembly") },
            ...assemblies.map((a) => ({ value: a.slug, label: a.name })),
          ]}
        />
        <button type="submit" class="primary">
          {t("space.create")}
        </button>
      </Form>
    </section>
  );
}
