import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { slugify } from "../../core/spaces.ts";
import { Field, Form, type FormState } from "../../web/forms.tsx";
import { formBody, keptValues, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { DirectoryNav } from "./views.tsx";

type SpaceParams = { Params: { slug: string } };

/** The kinds of resource of a form: the rows kept, each with its slug (a new one gets one from its name). */
function kindsFromForm(body: unknown): { slug: string; label: string }[] {
  const b = formBody(body);
  const kinds: { slug: string; label: string }[] = [];
  for (let i = 0; i < 100; i++) {
    const label = typeof b[`kinds.${i}.label`] === "string" ? String(b[`kinds.${i}.label`]).trim() : "";
    if (label === "") continue;
    const slug = typeof b[`kinds.${i}.slug`] === "string" ? String(b[`kinds.${i}.slug`]) : "";
    kinds.push({ slug: slug || slugify(label), label });
  }
  return kinds;
}

/** Facilitators edit the list of kinds of resource people choose from. */
export async function kindRoutes(app: FastifyInstance): Promise<void> {
  const { commons } = app.communs;

  async function page(
    request: FastifyRequest<SpaceParams>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    const space = await commons.directory(request.params.slug);
    await commons.authorise(request.person, space, "commons.curate");
    const kinds = [...(await commons.kinds(space.slug)), { slug: "", label: "" }];
    const ctx = view(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      t("commons.kinds"),
      <>
        <DirectoryNav ctx={ctx} space={space} current="kinds" canCurate />
        <h1>{t("commons.kinds")}</h1>
        <p>{t("commons.kindsIntro")}</p>
        <Form ctx={ctx} action={`/espaces/${space.slug}/communs/types`} state={state}>
          {kinds.map((kind, i) => (
            <div key={kind.slug || "new"}>
              <input type="hidden" name={`kinds.${i}.slug`} value={kind.slug} />
              <Field
                ctx={ctx}
                state={state}
                name={`kinds.${i}.label`}
                label={t("commons.kindLabel", { n: i + 1 })}
                value={kind.label}
                maxLength={60}
              />
            </div>
          ))}
          <button type="submit" class="button">
            {t("commons.save")}
          </button>
        </Form>
      </>,
      status,
    );
  }

  app.get<SpaceParams>("/espaces/:slug/communs/types", (request, reply) => page(request, reply));

  app.post<SpaceParams>("/espaces/:slug/communs/types", async (request, reply) => {
    try {
      await commons.saveKinds(request.person, request.params.slug, kindsFromForm(request.body));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED") throw error;
      const state = {
        values: keptValues(request.body),
        errors: error.fields,
        message: request.t(`msg.${error.fields.kinds}`),
      };
      return page(request, reply, state, 400);
    }
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/communs/types`, "commons.kindsSaved");
  });
}
