import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { PadDraft } from "../../core/pad.ts";
import { utcToParis } from "../../core/paris-time.ts";
import type { MeetingTable } from "../../db/schema.ts";
import { ErrorSchema, literals } from "../../web/api-schemas.ts";
import { draftOf } from "./service-minutes.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const MeetingParams = Type.Object({
  slug: Type.String({ maxLength: 60 }),
  id: Type.String({ maxLength: 60 }),
});

const Place = Type.Object(
  {
    street: Type.Optional(Type.String({ maxLength: 200 })),
    postcode: Type.Optional(Type.String({ maxLength: 20 })),
    commune: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

const MeetingIn = Type.Object(
  {
    title: Type.String({ maxLength: 140 }),
    start: Type.String({
      maxLength: 40,
      description: "ISO 8601 : heure de Paris (2026-10-25T10:00) ou avec décalage",
    }),
    end: Type.String({ maxLength: 40 }),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    place: Type.Optional(Place),
    commons: Type.Optional(Type.String({ maxLength: 200, description: "Le slug d’un commun de l’annuaire" })),
    link: Type.Optional(Type.String({ maxLength: 500, description: "Lien de la réunion en ligne" })),
    announcements: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
    rrule: Type.Optional(
      Type.String({ maxLength: 300, description: "Récurrence RFC 5545 (FREQ=MONTHLY;BYDAY=2TU)" }),
    ),
  },
  { additionalProperties: false },
);

const MeetingOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  start: Type.String({ description: "Instant UTC" }),
  end: Type.String(),
  startParis: Type.String({ description: "Heure de Paris, YYYY-MM-DDTHH:MM" }),
  status: Type.String(),
  address: Type.String(),
  link: Type.String(),
  rrule: Type.Union([Type.String(), Type.Null()]),
});

const DraftOut = Type.Object({
  agenda: Type.Array(Type.Object({ title: Type.String(), description: Type.String() })),
  attendees: Type.Array(Type.Object({ name: Type.String(), intro: Type.String() })),
  entries: Type.Array(Type.Object({ time: Type.String(), text: Type.String() })),
  workshops: Type.Array(
    Type.Object({
      title: Type.String(),
      facilitator: Type.Union([Type.String(), Type.Null()]),
      report: Type.String(),
    }),
  ),
  actions: Type.Array(
    Type.Object({
      text: Type.String(),
      volunteers: Type.Array(Type.String()),
      taskId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
  ),
});

const PadOut = Type.Union([
  Type.Object({ url: Type.String(), fetchedAt: Type.String(), sha256: Type.String() }),
  Type.Null(),
]);

const MeetingDetailOut = Type.Object({ ...MeetingOut.properties, ...DraftOut.properties, pad: PadOut });

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

function meetingOut(
  m: Pick<
    MeetingTable,
    "id" | "title" | "starts_at" | "ends_at" | "status" | "address" | "online_link" | "rrule"
  >,
) {
  return {
    id: m.id,
    title: m.title,
    start: new Date(m.starts_at).toISOString(),
    end: new Date(m.ends_at).toISOString(),
    startParis: utcToParis(new Date(m.starts_at)).local,
    status: m.status,
    address: m.address,
    link: m.online_link,
    rrule: m.rrule,
  };
}

export const createMeetingSchema = {
  tags: ["meetings"],
  summary: "Planifier une réunion (membres de l’espace)",
  security: [{ bearer: [] }],
  params: SlugParams,
  body: MeetingIn,
  response: { 201: Type.Object({ id: Type.String() }), ...errors },
};

export async function createMeeting(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof MeetingIn> }>,
  reply: FastifyReply,
) {
  const { place, ...body } = request.body;
  const address = place
    ? [place.street, [place.postcode, place.commune].filter(Boolean).join(" ")].filter(Boolean).join(", ")
    : "";
  const meeting = await request.server.communs.meetings.create(request.person, request.params.slug, {
    ...body,
    address,
  });
  return reply.status(201).send({ id: meeting.id });
}

export const listMeetingsSchema = {
  tags: ["meetings"],
  summary: "Les réunions d’un espace : à venir, et celles de l’année passées",
  params: SlugParams,
  querystring: Type.Object({ year: Type.Optional(Type.String({ pattern: "^(19|20|21)\\d{2}$" })) }),
  response: {
    200: Type.Object({ upcoming: Type.Array(MeetingOut), past: Type.Array(MeetingOut) }),
    ...errors,
  },
};

export async function listMeetings(
  request: FastifyRequest<{ Params: Static<typeof SlugParams>; Querystring: { year?: string } }>,
) {
  const listed = await request.server.communs.meetings.list(
    request.person,
    request.params.slug,
    request.query.year ? Number(request.query.year) : undefined,
  );
  return { upcoming: listed.upcoming.map(meetingOut), past: listed.past.map(meetingOut) };
}

export const getMeetingSchema = {
  tags: ["meetings"],
  summary: "Une réunion : ordre du jour, présences, compte-rendu, pad",
  params: MeetingParams,
  response: { 200: MeetingDetailOut, ...errors },
};

export async function getMeeting(request: FastifyRequest<{ Params: Static<typeof MeetingParams> }>) {
  const shown = await request.server.communs.meetings.view(
    request.person,
    request.params.slug,
    request.params.id,
  );
  const draft = draftOf(shown);
  const actions = shown.items.filter((i) => i.kind === "action");
  const { meeting } = shown;
  return {
    ...meetingOut(meeting),
    ...draft,
    actions: draft.actions.map((a, i) => ({ ...a, taskId: actions[i]?.task_id ?? null })),
    pad:
      meeting.pad_sha256 && meeting.pad_fetched_at
        ? {
            url: meeting.pad_url,
            fetchedAt: new Date(meeting.pad_fetched_at).toISOString(),
            sha256: meeting.pad_sha256,
          }
        : null,
  };
}

const PadIn = Type.Object(
  {
    url: Type.Optional(
      Type.String({ maxLength: 500, description: "L’adresse du pad ou de son export texte" }),
    ),
    text: Type.Optional(
      Type.String({ maxLength: 2 * 1024 * 1024, description: "Le texte du pad, à la place" }),
    ),
  },
  { additionalProperties: false },
);

export const importPadSchema = {
  tags: ["meetings"],
  summary: "Importer le pad d’une réunion (son adresse d’export ou son texte) ; dryRun : le brouillon seul",
  security: [{ bearer: [] }],
  params: MeetingParams,
  querystring: Type.Object({ dryRun: Type.Optional(literals(["true", "false"])) }),
  body: PadIn,
  response: {
    200: Type.Object({ ...DraftOut.properties, pad: PadOut }),
    ...errors,
    413: ErrorSchema,
    502: ErrorSchema,
    504: ErrorSchema,
  },
};

export const importPadOptions = { schema: importPadSchema, bodyLimit: 8 * 1024 * 1024 };

export async function importPad(
  request: FastifyRequest<{
    Params: Static<typeof MeetingParams>;
    Querystring: { dryRun?: "true" | "false" };
    Body: Static<typeof PadIn>;
  }>,
) {
  const { meetings } = request.server.communs;
  const { slug, id } = request.params;
  const work = request.query.dryRun === "true" ? meetings.padDraft : meetings.savePad;
  const { pad, draft } = await work(request.person, slug, id, request.body);
  const out: PadDraft = draft;
  return { ...out, pad: { url: pad.url, fetchedAt: pad.fetchedAt.toISOString(), sha256: pad.sha256 } };
}
