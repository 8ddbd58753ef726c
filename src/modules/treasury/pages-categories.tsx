import type { FastifyReply, FastifyRequest } from "fastify";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";
import { CategoriesView, type CategoryRefusal } from "./views-categories.tsx";

// The treasurer's page of expense categories and its forms.

type SpaceParams = { Params: { slug: string } };
type CategoryParams = { Params: { slug: string; code: string } };

async function categoriesPage(
  request: FastifyRequest<SpaceParams>,
  ctx: PageContext,
  refused?: CategoryRefusal,
) {
  const data = await request.server.communs.treasury.categories.list(request.person, request.params.slug);
  return {
    title: `${ctx.t("treasury.categories.title")} · ${data.space.name}`,
    body: <CategoriesView ctx={ctx} data={data} refused={refused} />,
  };
}

export async function categories(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const ctx = view(request, reply);
  const page = await categoriesPage(request, ctx);
  return sendPage(reply, ctx, page.title, page.body);
}

/** A form of the page: done, back to it with a message; refused, the page again with why. */
async function categoryForm(
  request: FastifyRequest<SpaceParams & { Params: { code?: string } }>,
  reply: FastifyReply,
  run: () => Promise<{ key: string; code: string }>,
) {
  try {
    const done = await run();
    return redirectWithFlash(reply, urls.treasuryCategories(request.params.slug), done.key, {
      code: done.code,
    });
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) =>
      categoriesPage(request, ctx, { code: request.params.code, state }),
    );
  }
}

export function addCategory(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  return categoryForm(request, reply, async () => {
    const { code } = await request.server.communs.treasury.categories.add(
      request.person,
      request.params.slug,
      {
        code: field(request.body, "categoryCode"),
        label: field(request.body, "categoryLabel"),
      },
    );
    return { key: "treasury.categories.added", code };
  });
}

export function changeCategory(request: FastifyRequest<CategoryParams>, reply: FastifyReply) {
  return categoryForm(request, reply, async () => {
    const { code, change } = await request.server.communs.treasury.categories.change(
      request.person,
      request.params.slug,
      request.params.code,
      { change: field(request.body, "change"), label: field(request.body, "categoryLabel") },
    );
    return { key: `treasury.categories.done.${change}`, code };
  });
}
