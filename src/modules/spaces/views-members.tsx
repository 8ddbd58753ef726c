import { MEMBERSHIP_ROLES } from "../../core/policy.ts";
import { ActionButton } from "../../web/forms.tsx";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { Space } from "./service.ts";
import { SpaceHeader } from "./views.tsx";

export interface MemberRow {
  id: string;
  displayName: string;
  role: string;
  introduction: string;
  personIntroduction: string;
}

/** Requests to join, shown first to those who decide them: they are what needs doing. */
function PendingRequests(props: {
  ctx: PageContext;
  slug: string;
  pending: MemberRow[];
  /** The co-optation round of each request (its proposal number), where the members decide. */
  rounds: Record<string, number>;
}) {
  const { ctx, slug, pending, rounds } = props;
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
              {rounds[request.id] !== undefined ? (
                <p>
                  <a href={urls.proposal(slug, rounds[request.id] ?? 0)}>
                    {t("members.round", { number: rounds[request.id] ?? 0 })}
                  </a>
                </p>
              ) : (
                <>
                  <ActionButton
                    ctx={ctx}
                    action={urls.memberAccept(slug, request.id)}
                    label={t("members.accept")}
                    about={request.displayName}
                    kind="primary"
                  />{" "}
                  <ActionButton
                    ctx={ctx}
                    action={urls.memberDecline(slug, request.id)}
                    label={t("members.decline")}
                    about={request.displayName}
                  />
                </>
              )}
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
  rounds: Record<string, number>;
  canManage: boolean;
}) {
  const { ctx, space } = props;
  const { t } = ctx;
  return (
    <>
      <SpaceHeader ctx={ctx} space={space} current="members" />
      {props.canManage && (
        <PendingRequests ctx={ctx} slug={space.slug} pending={props.pending} rounds={props.rounds} />
      )}
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
                <form method="post" action={urls.memberRole(space.slug, member.id)} class="row">
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
