import { readFile, rm } from "node:fs/promises";
import type { FastifyReply } from "fastify";
import { DomainError } from "../../core/errors.ts";
import type { FormState } from "../../web/forms.tsx";
import { formBody, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import { type WikiRequest, wikiRef } from "./request.ts";
import { checkSave } from "./service-edit.ts";
import { EditView, MoveView, UploadView } from "./views-forms.tsx";

// The wiki's forms: edit (and its conflict page), move, upload.

async function editBody(
  request: WikiRequest,
  ctx: PageContext,
  slug: string,
  rawTitle: string,
  state?: FormState,
) {
  const { pages } = request.server.communs;
  const found = await pages.editing(request.person, slug, rawTitle);
  const values = state?.values ?? { text: found.text, base: found.base === null ? "" : String(found.base) };
  return {
    title: ctx.t(found.exists ? "pages.editTitle" : "pages.createTitle", { title: found.title }),
    body: (
      <EditView
        ctx={ctx}
        wiki={wikiRef(found.wiki)}
        title={found.title}
        exists={found.exists}
        format={found.format}
        state={state ?? { values, errors: {} }}
      />
    ),
  };
}

export async function editPage(request: WikiRequest, reply: FastifyReply, slug: string, rawTitle: string) {
  const ctx = view(request, reply);
  const page = await editBody(request, ctx, slug, rawTitle);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function savePage(request: WikiRequest, reply: FastifyReply, slug: string, rawTitle: string) {
  const { pages } = request.server.communs;
  const body = formBody(request.body);
  try {
    const result = await pages.save(request.person, slug, rawTitle, checkSave(body));
    const wiki = await pages.wiki(request.person, slug);
    if (result.status === "conflict") {
      const ctx = view(request, reply);
      const values = { text: result.mine, base: String(result.latest), comment: String(body.comment ?? "") };
      return sendPage(
        reply,
        ctx,
        ctx.t("pages.conflictTitle", { title: result.title }),
        <EditView
          ctx={ctx}
          wiki={wikiRef(wiki)}
          title={result.title}
          exists
          state={{ values, errors: {} }}
          conflict={{ theirs: result.theirs }}
        />,
        409,
      );
    }
    const flash = { saved: "pages.saved", merged: "pages.merged", unchanged: "pages.unchanged" }[
      result.status
    ];
    return redirectWithFlash(reply, urls.wikiPage(wiki.root, result.title), flash);
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => editBody(request, ctx, slug, rawTitle, state), {
      typedOnly: true,
    });
  }
}

async function moveBody(
  request: WikiRequest,
  ctx: PageContext,
  slug: string,
  rawTitle: string,
  state?: FormState,
) {
  const found = await request.server.communs.pages.history(request.person, slug, rawTitle);
  return {
    title: ctx.t("pages.moveTitle", { title: found.title }),
    body: (
      <MoveView
        ctx={ctx}
        wiki={wikiRef(found.wiki)}
        title={found.title}
        state={state ?? { values: {}, errors: {} }}
      />
    ),
  };
}

export async function moveForm(request: WikiRequest, reply: FastifyReply, slug: string, rawTitle: string) {
  if (!request.person) throw new DomainError("UNAUTHENTICATED");
  const ctx = view(request, reply);
  const page = await moveBody(request, ctx, slug, rawTitle);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function movePage(request: WikiRequest, reply: FastifyReply, slug: string, rawTitle: string) {
  const { pages } = request.server.communs;
  const body = formBody(request.body);
  try {
    const moved = await pages.move(request.person, slug, rawTitle, {
      to: body.to,
      reason: body.reason,
      redirect: body.redirect ?? "off",
    });
    const wiki = await pages.wiki(request.person, slug);
    return redirectWithFlash(reply, urls.wikiPage(wiki.root, moved.title), "pages.moved");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => moveBody(request, ctx, slug, rawTitle, state), {
      typedOnly: true,
    });
  }
}

async function uploadBody(request: WikiRequest, ctx: PageContext, slug: string, state?: FormState) {
  const wiki = await request.server.communs.pages.uploading(request.person, slug);
  return {
    title: ctx.t("pages.uploadTitle"),
    body: <UploadView ctx={ctx} wiki={wikiRef(wiki)} state={state ?? { values: {}, errors: {} }} />,
  };
}

export async function uploadForm(request: WikiRequest, reply: FastifyReply, slug: string) {
  const ctx = view(request, reply);
  const page = await uploadBody(request, ctx, slug);
  return sendPage(reply, ctx, page.title, page.body);
}

export async function uploadFile(request: WikiRequest, reply: FastifyReply, slug: string) {
  const { pages } = request.server.communs;
  const body = formBody(request.body);
  const upload = uploadedFile(request.body, "file");
  try {
    const file = upload
      ? { name: upload.filename, mediaType: upload.mimetype, bytes: await readFile(upload.file) }
      : { name: "", mediaType: "", bytes: Buffer.alloc(0) };
    if (upload) await rm(upload.file, { force: true });
    const done = await pages.upload(request.person, slug, file, body);
    const wiki = await pages.wiki(request.person, slug);
    return redirectWithFlash(reply, urls.wikiPage(wiki.root, done.title), "pages.uploaded");
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => uploadBody(request, ctx, slug, state), {
      typedOnly: true,
    });
  }
}
