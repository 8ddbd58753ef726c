import { readFile } from "node:fs/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import { PAD_MAX_BYTES } from "../../core/pad.ts";
import type { FormState } from "../../web/forms.tsx";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { PadSource } from "./service-minutes.ts";
import { PadForm, PadPreview } from "./views-pad.tsx";

// A meeting's pad: its address, file or text read into a draft, reviewed, then saved.

type MeetingParams = { Params: { slug: string; meeting: string } };

const ids = (request: FastifyRequest<MeetingParams>) =>
  [request.params.slug, request.params.meeting] as const;

async function padPage(request: FastifyRequest<MeetingParams>, ctx: PageContext, state?: FormState) {
  const shown = await request.server.communs.meetings.view(request.person, ...ids(request));
  return {
    title: `${ctx.t("meetings.importPad")} · ${shown.meeting.title}`,
    body: <PadForm ctx={ctx} shown={shown} state={state} />,
  };
}

export async function padForm(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  await request.server.communs.meetings.running(request.person, ...ids(request));
  const ctx = view(request, reply);
  const page = await padPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

/** What the pad form sent: a file, the text pasted, the address. */
async function padSource(body: unknown): Promise<PadSource> {
  const file = uploadedFile(body, "file");
  const bytes = file && file.size > 0 && file.size <= PAD_MAX_BYTES ? await readFile(file.file) : undefined;
  // A file over the cap is not read: the service refuses its size.
  const oversize = file && file.size > PAD_MAX_BYTES ? new Uint8Array(PAD_MAX_BYTES + 1) : undefined;
  return { url: field(body, "url"), text: field(body, "text"), bytes: bytes ?? oversize };
}

/** The pad is read and its draft shown; or, from the review page, read again or saved. */
export async function readPad(request: FastifyRequest<MeetingParams>, reply: FastifyReply) {
  const { meetings } = request.server.communs;
  try {
    const source = await padSource(request.body);
    if (field(request.body, "step") === "save") {
      await meetings.savePad(request.person, ...ids(request), source);
      return redirectWithFlash(reply, `${urls.meeting(...ids(request))}#compte-rendu`, "meetings.padSaved");
    }
    const { pad, draft } = await meetings.padDraft(request.person, ...ids(request), source);
    const shown = await meetings.view(request.person, ...ids(request));
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      `${ctx.t("meetings.padPreview")} · ${shown.meeting.title}`,
      <PadPreview ctx={ctx} shown={shown} draft={draft} pad={pad} />,
    );
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => padPage(request, ctx, state));
  }
}
