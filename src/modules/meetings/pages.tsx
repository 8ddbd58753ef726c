import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { utcToParis } from "../../core/paris-time.ts";
import type { FormState } from "../../web/forms.tsx";
import {
  chosenYear,
  field,
  formBody,
  formFailure,
  redirectWithFlash,
  sendPage,
  view,
} from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { minutesMarkdown } from "./export.ts";
import { calendarFile, FEED_LIMIT } from "./feeds.ts";
import { ListView, MeetingForm, type Refused } from "./views.tsx";
import { MeetingView } from "./views-meeting.tsx";
import { ItemForm } from "./views-pad.tsx";
import { PrintView } from "./views-print.tsx";

// Meeting pages: the list, the form, a meeting with its agenda, attendance and minutes, its pad.

type SpaceParams = { Params: { slug: string } };
type MeetingParams = { Params: { slug: string; meeting: string } };
type ItemParams = { Params: { slug: string; meeting: string; item: string } };
type ThemeParams = { Params: { slug: string; meeting: string; item: string; move: string } };

const services = (request: FastifyRequest) => request.server.communs;

/** The space's calendar announced in the page's head. */
function withCalendar(ctx: PageContext, href: string, title: string): PageContext {
  ctx.alternates = [{ type: "text/calendar", href, title }];
  return ctx;
}

export async function meetingList(
  request: FastifyRequest<SpaceParams & { Querystring: { annee?: string } }>,
  reply: FastifyReply,
) {
  const year = request.query.annee ? chosenYear(request.query.annee) : undefined;
  const listed = await services(request).meetings.list(request.person, request.params.slug, year);
  const ctx = withCalendar(view(request, reply), urls.meetingsCalendar(listed.space.slug), listed.space.name);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("meetings.title")} · ${listed.space.name}`,
    <ListView ctx={ctx} {...listed} />,
  );
}

async function meetingForm(
  request: FastifyRequest<SpaceParams>,
  ctx: PageContext,
  state: FormState,
  id?: string,
) {
  const space = await services(request).spaces.get(request.params.slug);
  const title = ctx.t(id ? "meetings.editTitle" : "meetings.new");
  const action = id ? urls.meetingEdit(space.slug, id) : urls.newMeeting(space.slug);
  return {
    title: `${title} · ${space.name}`,
    body: <MeetingForm ctx={ctx} space={space} action={action} title={title} state={state} />,
  };
}

export async function newMeeting(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  await services(request).meetings.creating(request.person, request.params.slug);
  const ctx = view(request, reply);
  const page = await meetingForm(request, ctx, { values: {}, errors: {} });
  return sendPage(reply, ctx, page.title, page.body);
}

export async function createMeeting(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  try {
    const meeting = await services(request).meetings.create(
      request.person,
      request.params.slug,
      formBody(request.body),
    );
    return redirectWithFlash(reply, urls.meeting(request.params.slug, meeting.id), "meetings.created");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => meetingForm(request, ctx, state), {
      typedOnly: true,
    });
  }
}

/** A meeting's values as its form shows them, in Paris time. */
function formValues(meeting: {
  title: string;
  starts_at: string;
  ends_at: string;
  summary: string;
  address: string;
  online_link: string;
  announcements: string;
  rrule: string | null;
}) {
  return {
    title: meeting.title,
    start: utcToParis(new Date(meeting.starts_at)).local,
    end: utcToParis(new Date(meeting.ends_at)).local,
    summary: meeting.summary,
    address: meeting.address,
    link: meeting.online_link,
    announcements: (JSON.parse(meeting.announcements) as string[]).join("\n"),
    rrule: meeting.rrule ?? "",
  };
}

export async function editMeetingForm(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const { meeting } = await services(request).meetings.running(
    request.person,
    request.params.slug,
    request.params.meeting,
  );
  const ctx = view(request, reply);
  const page = await meetingForm(request, ctx, { values: formValues(meeting), errors: {} }, meeting.id);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function editMeeting(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const { slug, meeting } = request.params;
  try {
    await services(request).meetings.edit(request.person, slug, meeting, formBody(request.body));
    return redirectWithFlash(reply, urls.meeting(slug, meeting), "meetings.saved");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => meetingForm(request, ctx, state, meeting), {
      typedOnly: true,
    });
  }
}

async function meetingPage(request: FastifyRequest<MeetingParams>, ctx: PageContext, refused?: Refused) {
  const shown = await services(request).meetings.view(
    request.person,
    request.params.slug,
    request.params.meeting,
  );
  // The decisions taken in it, for its minutes: asked here, so that meetings' service knows nothing of them.
  const decided = await services(request).decisions.decidedIn(shown.meeting.id);
  withCalendar(ctx, urls.meetingCalendar(shown.space.slug, shown.meeting.id), shown.meeting.title);
  return {
    title: `${shown.meeting.title} · ${shown.space.name}`,
    body: <MeetingView ctx={ctx} shown={shown} refused={refused} decided={decided} />,
  };
}

export async function meetingDetail(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await meetingPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

/** Runs one form of the meeting page; refused, the page shows again with that form's values and messages. */
async function onMeetingPage(
  request: FastifyRequest<MeetingParams>,
  reply: FastifyReply,
  form: Refused["form"],
  work: () => Promise<unknown>,
  flash: string,
) {
  const { slug, meeting } = request.params;
  try {
    await work();
    return redirectWithFlash(reply, urls.meeting(slug, meeting), flash);
  } catch (error) {
    return formFailure(
      request,
      reply,
      error,
      (ctx, state) => meetingPage(request, ctx, { form, kind: field(request.body, "kind"), state }),
      { typedOnly: true },
    );
  }
}

const person = (request: FastifyRequest) => request.person;
const ids = (request: FastifyRequest<MeetingParams>) =>
  [request.params.slug, request.params.meeting] as const;

export function cancelMeeting(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "cancel",
    () => services(request).meetings.cancel(person(request), ...ids(request), formBody(request.body)),
    "meetings.cancelled",
  );
}

export async function skipOccurrence(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  await services(request).meetings.skipOccurrence(request.person, ...ids(request), formBody(request.body));
  return redirectWithFlash(reply, urls.meeting(...ids(request)), "meetings.saved");
}

export function proposeTheme(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "theme",
    () => services(request).meetings.proposeTheme(person(request), ...ids(request), formBody(request.body)),
    "meetings.themeProposed",
  );
}

const MOVES = {
  retenir: "keep",
  monter: "up",
  descendre: "down",
  ecarter: "aside",
  reprendre: "back",
} as const;

export async function arrangeTheme(request: FastifyRequest<ThemeParams>, reply: FastifyReply) {
  const { slug, meeting, item, move } = request.params;
  const chosen =
    move === "fusionner" ? { into: field(request.body, "into") } : MOVES[move as keyof typeof MOVES];
  if (!chosen) throw new DomainError("NOT_FOUND");
  await services(request).meetings.arrangeTheme(request.person, slug, meeting, item, chosen);
  return redirectWithFlash(reply, `${urls.meeting(slug, meeting)}#ordre-du-jour`, "meetings.agendaArranged");
}

export function answerMeeting(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "answer",
    () => services(request).meetings.answer(person(request), ...ids(request), formBody(request.body)),
    "meetings.answered",
  );
}

/** The checkboxes ticked: one value, several, or none. */
function ticked(body: unknown, name: string): string[] {
  const value = formBody(body)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string").slice(0, 1000);
}

export async function tickAttendance(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  await services(request).meetings.tick(request.person, ...ids(request), ticked(request.body, "present"));
  return redirectWithFlash(reply, `${urls.meeting(...ids(request))}#presences`, "meetings.attendanceSaved");
}

export function addGuest(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "guest",
    () => services(request).meetings.addGuest(person(request), ...ids(request), formBody(request.body)),
    "meetings.guestAdded",
  );
}

export function addMinutes(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "minutes",
    () => services(request).meetings.addMinutes(person(request), ...ids(request), formBody(request.body)),
    "meetings.itemAdded",
  );
}

export async function publishMinutes(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  await services(request).meetings.publish(request.person, ...ids(request), ticked(request.body, "task"));
  return redirectWithFlash(reply, urls.meeting(...ids(request)), "meetings.published");
}

export function proposeCorrection(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  return onMeetingPage(
    request,
    reply,
    "correction",
    () => services(request).meetings.correct(person(request), ...ids(request), formBody(request.body)),
    "meetings.correctionSent",
  );
}

async function itemPage(request: FastifyRequest<ItemParams>, ctx: PageContext, state?: FormState) {
  const { slug, meeting, item } = request.params;
  const shown = await services(request).meetings.view(request.person, slug, meeting);
  const found = shown.items.find((i) => i.id === item);
  if (!found || !shown.can.run) throw new DomainError(found ? "FORBIDDEN" : "NOT_FOUND");
  return {
    title: `${ctx.t(`meetings.kind.${found.kind}.edit`)} · ${shown.meeting.title}`,
    body: <ItemForm ctx={ctx} shown={shown} item={found} state={state} />,
  };
}

export async function editItemForm(request: FastifyRequest<ItemParams>, reply: FastifyReply) {
  await services(request).meetings.running(request.person, request.params.slug, request.params.meeting);
  const ctx = view(request, reply);
  const page = await itemPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function editItem(request: FastifyRequest<ItemParams>, reply: FastifyReply) {
  const { slug, meeting, item } = request.params;
  try {
    await services(request).meetings.editMinutes(request.person, slug, meeting, item, formBody(request.body));
    return redirectWithFlash(reply, `${urls.meeting(slug, meeting)}#compte-rendu`, "meetings.saved");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => itemPage(request, ctx, state), {
      typedOnly: true,
    });
  }
}

export async function deleteItem(request: FastifyRequest<ItemParams>, reply: FastifyReply) {
  const { slug, meeting, item } = request.params;
  await services(request).meetings.deleteMinutes(request.person, slug, meeting, item);
  return redirectWithFlash(reply, `${urls.meeting(slug, meeting)}#compte-rendu`, "meetings.itemDeleted");
}

export async function minutesAsMarkdown(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const shown = await services(request).meetings.view(request.person, ...ids(request));
  return reply
    .type("text/markdown; charset=utf-8")
    .header(
      "content-disposition",
      `attachment; filename="compte-rendu-${utcToParis(new Date(shown.meeting.starts_at)).date}.md"`,
    )
    .send(minutesMarkdown(shown, request.lang));
}

export async function printMinutes(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const shown = await services(request).meetings.view(request.person, ...ids(request));
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${shown.meeting.title} · ${ctx.t("meetings.minutes")}`,
    <PrintView ctx={ctx} shown={shown} />,
  );
}

export async function spaceCalendar(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { meetings, config } = services(request);
  const { space, meetings: rows, agendas } = await meetings.calendar(request.params.slug, FEED_LIMIT);
  const agendaOf = new Map<string, typeof agendas>();
  for (const item of agendas) {
    const list = agendaOf.get(item.meeting_id);
    if (list) list.push(item);
    else agendaOf.set(item.meeting_id, [item]);
  }
  const text = calendarFile(
    config.publicUrl,
    space,
    rows.map((meeting) => ({ meeting, agenda: agendaOf.get(meeting.id) ?? [] })),
  );
  return reply.type("text/calendar; charset=utf-8").send(text);
}

export async function meetingCalendar(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const { meetings, config } = services(request);
  const shown = await meetings.view(undefined, ...ids(request));
  const agenda = shown.agenda.filter((i) => i.status === "proposed" || i.status === "ordered");
  const text = calendarFile(
    config.publicUrl,
    shown.space,
    [{ meeting: shown.meeting, agenda }],
    shown.meeting.title,
  );
  return reply
    .type("text/calendar; charset=utf-8")
    .header("content-disposition", `attachment; filename="reunion-${request.params.meeting}.ics"`)
    .send(text);
}
