import type { ComponentChildren } from "preact";
import { isOverdue } from "../../core/tasks.ts";
import { shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import type { TaskView } from "./service.ts";

export interface SpaceRef {
  slug: string;
  name: string;
  kind: string;
}

export interface Group {
  id: string;
  name: string;
}

/** The board's filters as the address carries them. */
export interface BoardFilter {
  /** A group's id, `aucun` (without a group), or empty for all. */
  group: string;
  mine: boolean;
  all: boolean;
}

export const NO_GROUP = "aucun";

export function Kicker({ ctx, space }: { ctx: PageContext; space: SpaceRef }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a> ·{" "}
      <a href={urls.tasks(space.slug)}>{ctx.t("tasks.title")}</a>
    </p>
  );
}

/** Who holds a task, by name (people without an account are names too). */
export function volunteerNames(ctx: PageContext, task: TaskView): string {
  return task.volunteers.length === 0 ? ctx.t("tasks.nobody") : task.volunteers.map((v) => v.name).join(", ");
}

/** A due date, with « en retard » when it is past and the task still to do. */
export function DueDate(props: { ctx: PageContext; task: TaskView; today: string }) {
  const { ctx, task } = props;
  if (!task.due_date) return null;
  const late = isOverdue({ state: task.state, dueDate: task.due_date }, props.today);
  return (
    <span class={late ? "overdue" : undefined}>
      {ctx.t("tasks.due", { date: shortDate(task.due_date, ctx.lang) })}
      {late && ` — ${ctx.t("tasks.overdue")}`}
    </span>
  );
}

function TaskCard(props: { ctx: PageContext; space: SpaceRef; task: TaskView; today: string }) {
  const { ctx, space, task } = props;
  const { t } = ctx;
  return (
    <li class="card">
      <p class="task-title">
        <a href={urls.task(space.slug, task.id)}>{task.title}</a>
      </p>
      {task.due_date && (
        <p class="meta">
          <DueDate ctx={ctx} task={task} today={props.today} />
        </p>
      )}
      <p class="meta">{t(`tasks.volunteers.${task.state}`, { names: volunteerNames(ctx, task) })}</p>
      {task.meeting_id && (
        <p class="meta">
          <a href={urls.meeting(space.slug, task.meeting_id)}>{t("tasks.fromMeeting")}</a>
        </p>
      )}
      {task.state === "dropped" && task.drop_reason && (
        <p class="meta">{t("tasks.droppedBecause", { reason: task.drop_reason })}</p>
      )}
    </li>
  );
}

/** One state's tasks (« À prendre »…), under their groups in the board's order. */
function StateSection(props: {
  ctx: PageContext;
  space: SpaceRef;
  state: string;
  tasks: TaskView[];
  today: string;
  footer?: ComponentChildren;
}) {
  const { ctx, state, tasks } = props;
  const { t } = ctx;
  const runs: { name: string; tasks: TaskView[] }[] = [];
  for (const task of tasks) {
    const name = task.groupName ?? t("tasks.noGroup");
    const last = runs[runs.length - 1];
    if (last?.name === name) last.tasks.push(task);
    else runs.push({ name, tasks: [task] });
  }
  return (
    <section aria-labelledby={`etat-${state}`} class="board-column">
      <h2 id={`etat-${state}`}>
        {t(`tasks.state.${state}`)} <span class="badge">{tasks.length}</span>
      </h2>
      {tasks.length === 0 && <p class="empty">{t(`tasks.empty.${state}`)}</p>}
      {runs.map((run) => (
        <div key={run.name}>
          <h3>{run.name}</h3>
          <ul class="task-list">
            {run.tasks.map((task) => (
              <TaskCard key={task.id} ctx={ctx} space={props.space} task={task} today={props.today} />
            ))}
          </ul>
        </div>
      ))}
      {props.footer}
    </section>
  );
}

function Filters(props: { ctx: PageContext; space: SpaceRef; groups: Group[]; filter: BoardFilter }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <form method="get" action={urls.tasks(props.space.slug)} class="row">
      <div class="field">
        <label for="groupe">{t("tasks.group")}</label>
        <select id="groupe" name="groupe">
          <option value="">{t("tasks.allGroups")}</option>
          {props.groups.map((g) => (
            <option key={g.id} value={g.id} selected={g.id === filter.group}>
              {g.name}
            </option>
          ))}
          <option value={NO_GROUP} selected={filter.group === NO_GROUP}>
            {t("tasks.noGroup")}
          </option>
        </select>
      </div>
      {ctx.person && (
        <div class="field checkbox">
          <input type="checkbox" id="miennes" name="miennes" value="1" checked={filter.mine} />
          <label for="miennes">{t("tasks.mine")}</label>
        </div>
      )}
      {filter.all && <input type="hidden" name="tout" value="1" />}
      <button type="submit">{t("tasks.filter")}</button>
    </form>
  );
}

export function BoardView(props: {
  ctx: PageContext;
  space: SpaceRef & { tasks_rule: string };
  groups: Group[];
  tasks: TaskView[];
  today: string;
  filter: BoardFilter;
  can: { create: boolean; manageGroups: boolean };
}) {
  const { ctx, space, tasks, filter } = props;
  const { t } = ctx;
  const of = (state: string) => tasks.filter((task) => task.state === state);
  const query = { groupe: filter.group, miennes: filter.mine ? 1 : undefined };
  const rule = space.kind === "chamber" && space.tasks_rule === "facilitators" ? "facilitators" : "members";
  return (
    <article>
      <p class="kicker">
        <a href={urls.space(space.slug)}>{space.name}</a>
      </p>
      <h1>{t("tasks.title")}</h1>
      <p class="lead">{t(`tasks.intro.${rule}`)}</p>
      {(props.can.create || props.can.manageGroups) && (
        <p>
          {props.can.create && (
            <a class="button primary" href={urls.newTask(space.slug)}>
              {t("tasks.new")}
            </a>
          )}
          {props.can.create && props.can.manageGroups && " "}
          {props.can.manageGroups && <a href={urls.taskGroups(space.slug)}>{t("tasks.manageGroups")}</a>}
        </p>
      )}
      {!ctx.person && (
        <p class="hint">
          <a href={urls.login(urls.tasks(space.slug))}>{t("tasks.loginToHelp")}</a>
        </p>
      )}
      <Filters ctx={ctx} space={space} groups={props.groups} filter={filter} />
      <p role="status">{t("tasks.count", { count: tasks.length })}</p>
      <div class="board">
        <StateSection ctx={ctx} space={space} state="open" tasks={of("open")} today={props.today} />
        <StateSection ctx={ctx} space={space} state="taken" tasks={of("taken")} today={props.today} />
        <StateSection
          ctx={ctx}
          space={space}
          state="done"
          tasks={of("done")}
          today={props.today}
          footer={
            <p>
              <a href={urls.tasks(space.slug, { ...query, tout: filter.all ? undefined : 1 })}>
                {t(filter.all ? "tasks.recentOnly" : "tasks.allClosed")}
              </a>
            </p>
          }
        />
        {filter.all && (
          <StateSection ctx={ctx} space={space} state="dropped" tasks={of("dropped")} today={props.today} />
        )}
      </div>
    </article>
  );
}
