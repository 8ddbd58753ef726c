import type { PageContext } from "../../web/page.ts";
import { urls } from "../../web/urls.ts";

export interface SpaceSummary {
  kind: "assembly" | "chamber";
  slug: string;
  name: string;
  summary: string;
  territory: string | null;
  theme: string | null;
  assemblyName: string | null;
  memberCount: number | null;
}

function SpaceCard({ ctx, space }: { ctx: PageContext; space: SpaceSummary }) {
  const detail = space.kind === "assembly" ? space.territory : space.theme;
  return (
    <li class="card">
      <h3>
        <a href={urls.space(space.slug)}>{space.name}</a>
      </h3>
      {detail && <p class="meta">{detail}</p>}
      {space.summary && <p>{space.summary}</p>}
      <p class="meta">{ctx.t("home.members", { count: space.memberCount ?? 0 })}</p>
    </li>
  );
}

function SpaceList({ ctx, spaces, empty }: { ctx: PageContext; spaces: SpaceSummary[]; empty: string }) {
  if (spaces.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="cards">
      {spaces.map((space) => (
        <SpaceCard key={space.slug} ctx={ctx} space={space} />
      ))}
    </ul>
  );
}

export function HomeView({
  ctx,
  spaces,
  isNewInstance,
  signedIn = false,
}: {
  ctx: PageContext;
  spaces: SpaceSummary[];
  isNewInstance: boolean;
  /** Below a signed-in person's own home: the instance's spaces to discover, under a smaller title. */
  signedIn?: boolean;
}) {
  const { t } = ctx;
  const assemblies = spaces.filter((s) => s.kind === "assembly");
  const chambers = spaces.filter((s) => s.kind === "chamber");
  return (
    <>
      {signedIn ? (
        <h2>{t("home.discover")}</h2>
      ) : (
        <section class="hero">
          <h1>{ctx.instanceName}</h1>
          <p class="lead">{t("site.tagline")}</p>
          <p>{t("home.intro", { instance: ctx.instanceName })}</p>
        </section>
      )}
      {isNewInstance ? (
        <section class="notice">
          <p>{t("home.firstAccount")}</p>
          <p>
            <a class="button" href={urls.register()}>
              {t("nav.register")}
            </a>
          </p>
        </section>
      ) : spaces.length === 0 ? (
        <section>
          <p class="empty">{ctx.person?.isAdmin ? t("home.emptyAdmin") : t("home.emptyVisitor")}</p>
          {ctx.person?.isAdmin && (
            <p>
              <a class="button" href={urls.newSpace()}>
                {t("nav.newSpace")}
              </a>
            </p>
          )}
        </section>
      ) : (
        <>
          <section aria-labelledby="assemblies">
            <h2 id="assemblies">{t("home.assemblies")}</h2>
            <SpaceList ctx={ctx} spaces={assemblies} empty={t("home.noAssemblies")} />
          </section>
          <section aria-labelledby="chambers">
            <h2 id="chambers">{t("home.chambers")}</h2>
            <SpaceList ctx={ctx} spaces={chambers} empty={t("home.noChambers")} />
          </section>
        </>
      )}
    </>
  );
}
