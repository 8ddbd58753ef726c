import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { TASK_LIMITS, TASK_STATES } from "../../core/tasks.ts";
import { ErrorSchema, literals } from "../../web/api-schemas.ts";
import type { TaskView } from "./service.ts";

const iso = (value: string) => new Date(value).toISOString();

function taskOut(task: TaskView): Static<typeof TaskOut> {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    group: task.groupName,
    dueDate: task.due_date,
    state: task.state,
    dropReason: task.drop_reason,
    volunteers: task.volunteers.map((v) => ({ name: v.name, personId: v.personId })),
    meetingId: task.meeting_id,
    actionItemId: task.action_item_id,
    expectedExpense: task.expected_expense === null ? null : Number(task.expected_expense),
    claimId: task.claim_id,
    createdAt: iso(task.created_at),
    updatedAt: iso(task.updated_at),
  };
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const TaskIn = Type.Object(
  {
    title: Type.String({ maxLength: TASK_LIMITS.title }),
    description: Type.Optional(Type.String({ maxLength: TASK_LIMITS.description, description: "Markdown" })),
    group: Type.Optional(Nullable(Type.String({ maxLength: 60, description: "Nom d’un groupe du tableau" }))),
    dueDate: Type.Optional(Nullable(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }))),
    expectedExpense: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: 100_000_000_000,
          description: "Dépense prévue, en centimes (chambres seulement)",
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

const TaskOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String({ description: "Markdown" }),
  group: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  state: literals(TASK_STATES),
  dropReason: Type.String({ description: "Pourquoi elle a été abandonnée (vide sinon)" }),
  volunteers: Type.Array(
    Type.Object({
      name: Type.String(),
      personId: Nullable(Type.String({ description: "Null pour une personne sans compte" })),
    }),
  ),
  meetingId: Nullable(Type.String({ description: "La réunion dont elle vient" })),
  actionItemId: Nullable(Type.String()),
  expectedExpense: Nullable(Type.Integer({ description: "En centimes" })),
  claimId: Nullable(Type.String({ description: "La note de frais déposée pour sa dépense" })),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const listTasksSchema = {
  tags: ["tasks"],
  summary: "Les tâches d’un espace (tableau de la do-ocratie), ouvertes à toutes et tous",
  params: SlugParams,
  querystring: Type.Object(
    {
      state: Type.Optional(literals(TASK_STATES)),
      group: Type.Optional(Type.String({ maxLength: 60, description: "Nom du groupe" })),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ tasks: Type.Array(TaskOut) }), 400: ErrorSchema, 404: ErrorSchema },
};

export async function listTasks(
  request: FastifyRequest<{
    Params: Static<typeof SlugParams>;
    Querystring: { state?: (typeof TASK_STATES)[number]; group?: string };
  }>,
) {
  const board = await request.server.communs.tasks.board(request.person, request.params.slug, {
    all: true,
    state: request.query.state,
    groupName: request.query.group,
  });
  return { tasks: board.tasks.map(taskOut) };
}

export const createTaskSchema = {
  tags: ["tasks"],
  summary: "Créer une tâche (les membres, ou la facilitation si la chambre le décide)",
  security: [{ bearer: [] }],
  params: SlugParams,
  body: TaskIn,
  response: { 201: TaskOut, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
};

export async function createTask(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof TaskIn> }>,
  reply: FastifyReply,
) {
  const { tasks } = request.server.communs;
  const body = request.body;
  const task = await tasks.create(request.person, request.params.slug, {
    title: body.title,
    description: body.description,
    groupName: body.group,
    dueDate: body.dueDate,
    expectedExpense: body.expectedExpense,
  });
  return reply.status(201).send(taskOut(await tasks.get(request.person, task.id)));
}

export const getTaskSchema = {
  tags: ["tasks"],
  summary: "Une tâche, ses volontaires et d’où elle vient",
  params: IdParams,
  response: { 200: TaskOut, 404: ErrorSchema },
};

export async function getTask(request: FastifyRequest<{ Params: Static<typeof IdParams> }>) {
  return taskOut(await request.server.communs.tasks.get(request.person, request.params.id));
}

type MoveRequest = FastifyRequest<{ Params: Static<typeof IdParams> }>;

/** A move's options: it takes no body (an empty object, or none at all). */
function moveOptions(summary: string) {
  return {
    preValidation: async (request: FastifyRequest) => {
      if (request.body === undefined) request.body = {};
    },
    schema: {
      tags: ["tasks"],
      summary,
      security: [{ bearer: [] }],
      params: IdParams,
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: {
        200: TaskOut,
        400: ErrorSchema,
        401: ErrorSchema,
        403: ErrorSchema,
        404: ErrorSchema,
        409: ErrorSchema,
      },
    },
  };
}

export const takeTaskOptions = moveOptions("Prendre la tâche (s’ajouter à ses volontaires)");
export const releaseTaskOptions = moveOptions(
  "Lâcher la tâche (un volontaire, ou la facilitation pour tous) : à prendre quand personne ne la tient plus",
);
export const finishTaskOptions = moveOptions(
  "Dire que la tâche est faite (un volontaire, ou la facilitation)",
);

async function moved(request: MoveRequest, run: (id: string) => Promise<unknown>) {
  const { tasks } = request.server.communs;
  await run(request.params.id);
  return taskOut(await tasks.get(request.person, request.params.id));
}

export function takeTask(request: MoveRequest) {
  return moved(request, (id) => request.server.communs.tasks.take(request.person, id));
}

export function releaseTask(request: MoveRequest) {
  return moved(request, (id) => request.server.communs.tasks.release(request.person, id));
}

export function finishTask(request: MoveRequest) {
  return moved(request, (id) => request.server.communs.tasks.finish(request.person, id));
}
