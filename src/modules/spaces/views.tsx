import { can } from "../../core/policy.ts";
import { ActionButton, Field, Form, type FormState } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { type ToDoItem, ToDoList } from "../../web/todo.tsx";
import { urls } from "../../web/urls.ts";
import type { Space } from "./service.ts";
import { type Overview, OverviewSections, VisitorCallToAction } from "./views-home.tsx";

export interface MembershipState {
  role: string;
  status: string;
}

export function SpaceHeader({
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
  const slug = space.slug;
  const tabs = [
    { id: "home", href: urls.space(slug), label: t("space.overview") },
    { id: "about", href: urls.spaceAbout(slug), label: t("space.about") },
    { id: "members", href: urls.spaceMembers(slug), label: t("space.members") },
    { id: "decisions", href: urls.decisions(slug), label: t("decisions.tab") },
    ...(space.kind === "assembly"
      ? [
          { id: "commons", href: urls.commonsList(slug), label: t("commons.directory") },
          { id: "map", href: urls.commonsMap(slug), label: t("commons.map") },
        ]
      : [
          { id: "transparency", href: urls.transparency(slug), label: t("transparency.tab") },
          ...(showClaims ? [{ id: "claims", href: urls.claims(slug), label: t("claims.tab") }] : []),
          ...(showDonations
            ? [{ id: "donations", href: urls.donations(slug), label: t("donations.tab") }]
            : []),
          ...(showDonations ? [{ id: "treasury", href: urls.treasury(slug), label: t("treasury.tab") }] : []),
        ]),
  ];
  return (
    <header class="space-header">
      <p class="kicker">{t(`kind.${space.kind}`)}</p>
      <h1>
        {space.logo && <img class="space-logo" src={space.logo} alt="" width={64} height={64} />}
        {space.name}
      </h1>
      <p class="meta">
        {space.territory && t("space.territory", { value: space.territory })}
        {space.theme && t("space.theme", { value: space.theme })}
        {space.assembly && (
          <>
            {" · "}
            <a href={urls.space(space.assembly.slug)}>
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
  if (!ctx.person) return <VisitorCallToAction ctx={ctx} slug={space.slug} kind={space.kind} />;
  if (membership?.status === "active") {
    return (
      <p class="meta">
        {membership.role === "member"
          ? t("space.youAreMemberPlain")
          : t("space.youAreMember", { role: t(`role.${membership.role}`) })}
      </p>
    );
  }
  if (membership?.status === "pending") {
    return (
      <div class="panel">
        <p>{t("space.youArePending")}</p>
        <ActionButton ctx={ctx} action={urls.spaceLeave(space.slug)} label={t("space.cancelRequest")} />
      </div>
    );
  }
  if (space.properties.access === "open") {
    return (
      <div class="panel">
        <p>{t("space.joinHint.assembly")}</p>
        <ActionButton ctx={ctx} action={urls.spaceJoin(space.slug)} label={t("space.join")} kind="primary" />
      </div>
    );
  }
  return (
    <div class="panel">
      <h2>{t("space.requestJoin")}</h2>
      <p class="hint">{t("space.requestHint")}</p>
      <Form ctx={ctx} action={urls.spaceJoin(space.slug)} state={state}>
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

/** Leaving is rare: folded at the foot of the page rather than beside what the space is. */
function LeaveSpace({ ctx, slug }: { ctx: PageContext; slug: string }) {
  return (
    <details class="leave">
      <summary>{ctx.t("space.leave")}</summary>
      <p class="hint">{ctx.t("space.leaveHint")}</p>
      <ActionButton ctx={ctx} action={urls.spaceLeave(slug)} label={ctx.t("space.leave")} kind="danger" />
    </details>
  );
}

export function SpaceView(props: {
  ctx: PageContext;
  space: Space;
  membership: MembershipState | undefined;
  canManage: boolean;
  canEdit: boolean;
  state?: FormState;
  toDo: ToDoItem[];
  overview: Overview;
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
      {props.membership?.status === "active" && <ToDoList ctx={ctx} items={props.toDo} withSpace={false} />}
      <OverviewSections ctx={ctx} slug={space.slug} data={props.overview} />
      {(props.canManage || props.canEdit) && (
        <p>
          {props.canEdit && <a href={urls.spaceEdit(space.slug)}>{ctx.t("space.edit")}</a>}
          {props.canEdit && props.canManage && " · "}
          {props.canManage && <a href={urls.spaceAudit(space.slug)}>{ctx.t("space.audit")}</a>}
        </p>
      )}
      {props.membership?.status === "active" && <LeaveSpace ctx={ctx} slug={space.slug} />}
    </>
  );
}
