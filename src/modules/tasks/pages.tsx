import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { formatAmount, parseAmount } from "../../core/ledger.ts";
import { emptyForm, type FormState } from "../../web/forms.tsx";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { TaskInput, TaskView } from "./service.ts";
import { BoardView, NO_GROUP, stateOfSlug } from "./views.tsx";
import { TaskForm } from "./views-form.tsx";
import { type Refused, TaskDetail } from "./views-task.tsx";

// The task board's pages: the board, the task form, a task with its history and its moves.

type SpaceParams = { Params: { slug: string } };
type TaskParams = { Params: { slug: string; task: string } };

/** A query parameter as a string, whatever shape the address gave it. */
function param(query: unknown, name: string): string {
  const value = query && typeof query === "object" ? (query as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : "";
}

/** What the task form sent; an expected expense that is not euros is marked, for its own message. */
function taskFromForm(body: unknown): { input: TaskInput; take: boolean; unreadable: boolean } {
  const expense = field(body, "expectedExpense").slice(0, 40).trim();
  const cents = expense === "" ? null : parseAmount(expense);
  return {
    input: {
      title: field(body, "title"),
      description: field(body, "description"),
      groupId: field(body, "group"),
      dueDate: field(body, "dueDate"),
      expectedExpense: cents === undefined ? -1 : cents,
    },
    take: field(body, "take") === "1",
    unreadable: cents === undefined,
  };
}

/** An amount typed that is not euros gets the message that says how to write one. */
function withAmountMessage(error: unknown, unreadable: boolean, name: string): unknown {
  if (unreadable && error instanceof DomainError && error.fields[name] === "ledger.amountInvalid")
    error.fields[name] = "ledger.amountText";
  return error;
}

function formValues(task: TaskView): Record<string, string> {
  return {
    title: task.title,
    description: task.description,
    group: task.group_id ?? "",
    dueDate: task.due_date ?? "",
    expectedExpense:
      task.expected_expense === null ? "" : formatAmount(task.expected_expense).replace(/\u202f/g, ""),
  };
}

export async function taskBoard(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const group = param(request.query, "groupe").slice(0, 60);
  const state = stateOfSlug(param(request.query, "etat"));
  const page = Number(param(request.query, "page"));
  const filter = {
    group,
    mine: param(request.query, "miennes") === "1",
    all: param(request.query, "tout") === "1",
    state,
    page: state && Number.isInteger(page) && page > 1 ? Math.min(page, 10_000) : 1,
  };
  const board = await request.server.communs.tasks.columns(request.person, request.params.slug, {
    groupId: group === "" ? undefined : group === NO_GROUP ? null : group,
    mine: filter.mine,
    all: filter.all,
    state,
    page: filter.page,
  });
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("tasks.title")} · ${board.space.name}`,
    <BoardView ctx={ctx} {...board} filter={filter} />,
  );
}

/** The new task form, or an existing task's, with the space's groups. */
async function taskForm(
  request: FastifyRequest,
  ctx: PageContext,
  slug: string,
  state: FormState,
  editing?: string,
) {
  const { tasks } = request.server.communs;
  const { space, groups } = editing
    ? await tasks.editing(request.person, slug, editing)
    : await tasks.creating(request.person, slug);
  const title = ctx.t(editing ? "tasks.editTitle" : "tasks.new");
  return {
    title: `${title} · ${space.name}`,
    body: (
      <TaskForm
        ctx={ctx}
        space={space}
        groups={groups}
        action={editing ? urls.taskEdit(slug, editing) : urls.newTask(slug)}
        title={title}
        isNew={!editing}
        state={state}
      />
    ),
  };
}

export async function newTask(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await taskForm(request, ctx, request.params.slug, emptyForm);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function createTask(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { slug } = request.params;
  const { input, take, unreadable } = taskFromForm(request.body);
  try {
    const task = await request.server.communs.tasks.create(request.person, slug, input, { take });
    return redirectWithFlash(reply, urls.task(slug, task.id), "tasks.created");
  } catch (error) {
    return formFailure(
      request,
      reply,
      withAmountMessage(error, unreadable, "expectedExpense"),
      (ctx, state) => taskForm(request, ctx, slug, state),
      { typedOnly: true },
    );
  }
}

export async function editTaskForm(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { slug, task: id } = request.params;
  const { task } = await request.server.communs.tasks.editing(request.person, slug, id);
  const ctx = view(request, reply);
  const page = await taskForm(request, ctx, slug, { values: formValues(task), errors: {} }, id);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function editTask(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { slug, task: id } = request.params;
  const { tasks } = request.server.communs;
  await tasks.inSpace(slug, id);
  const { input, unreadable } = taskFromForm(request.body);
  try {
    await tasks.edit(request.person, id, input);
  } catch (error) {
    return formFailure(
      request,
      reply,
      withAmountMessage(error, unreadable, "expectedExpense"),
      (ctx, state) => taskForm(request, ctx, slug, state, id),
      { typedOnly: true },
    );
  }
  return redirectWithFlash(reply, urls.task(slug, id), "tasks.saved");
}

/** A task's page, with a refusal of one of its forms when there is one. */
async function taskDetail(request: FastifyRequest<TaskParams>, ctx: PageContext, refused?: Refused) {
  const { tasks, config } = request.server.communs;
  const { slug, task: id } = request.params;
  const page = await tasks.page(request.person, slug, id);
  const choice = (a: { code: string; label: string }) => ({ value: a.code, label: `${a.label} (${a.code})` });
  const expense = page.can.claimExpense
    ? await tasks.expenseChoices(request.person, slug, id).then((c) => ({
        categories: c.categories.map(choice),
        envelopes: c.envelopes.map(choice),
        maxMb: Math.round((config.receiptMaxBytes / 1024 / 1024) * 10) / 10,
      }))
    : undefined;
  return {
    title: `${page.task.title} · ${page.space.name}`,
    body: <TaskDetail ctx={ctx} page={page} expense={expense} refused={refused} />,
  };
}

export async function taskPage(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await taskDetail(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

/**
 * A move of a task (take, release, finish, drop, claim its expense): done, back to the task with a
 * message; refused, the task's page again with why, beside the form it is about.
 */
async function moveTask(
  request: FastifyRequest<TaskParams>,
  reply: FastifyReply,
  run: () => Promise<unknown>,
  done: string | (() => string),
  form: Refused["form"] = "other",
) {
  const { slug, task: id } = request.params;
  await request.server.communs.tasks.inSpace(slug, id);
  try {
    await run();
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => {
      const fields = Object.values(state.errors).map((key) => ctx.t(`msg.${key}`));
      const message = form === "other" ? [state.message, ...fields].join(" ") : state.message;
      return taskDetail(request, ctx, { form, state: { ...state, message } });
    });
  }
  return redirectWithFlash(reply, urls.task(slug, id), typeof done === "string" ? done : done());
}

export function takeTask(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { tasks } = request.server.communs;
  return moveTask(request, reply, () => tasks.take(request.person, request.params.task), "tasks.taken");
}

export function releaseTask(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { tasks } = request.server.communs;
  return moveTask(request, reply, () => tasks.release(request.person, request.params.task), "tasks.released");
}

export function finishTask(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { tasks } = request.server.communs;
  return moveTask(request, reply, () => tasks.finish(request.person, request.params.task), "tasks.finished");
}

export function dropTask(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { tasks } = request.server.communs;
  const reason = field(request.body, "reason");
  return moveTask(
    request,
    reply,
    () => tasks.drop(request.person, request.params.task, reason),
    "tasks.dropped",
    "drop",
  );
}

export async function claimTaskExpense(request: FastifyRequest<TaskParams>, reply: FastifyReply) {
  const { tasks } = request.server.communs;
  const { slug, task: id } = request.params;
  const body = request.body;
  const amount = parseAmount(field(body, "amount").slice(0, 40));
  let above = false;
  const run = async () => {
    try {
      const claimed = await tasks.claimExpense(
        request.person,
        slug,
        id,
        {
          amount: amount ?? 0,
          date: field(body, "date"),
          account: field(body, "account"),
          envelope: field(body, "envelope"),
          iban: field(body, "iban").slice(0, 100),
        },
        uploadedFile(body, "receipt"),
      );
      above = claimed.aboveCap;
    } catch (error) {
      throw withAmountMessage(error, amount === undefined, "amount");
    }
  };
  const done = () => (above ? "tasks.expenseClaimedAbove" : "tasks.expenseClaimed");
  return moveTask(request, reply, run, done, "expense");
}
