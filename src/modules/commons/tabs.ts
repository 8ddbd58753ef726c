import type { PageContext } from "../../web/page.ts";
import { type Query, urls } from "../../web/urls.ts";

type DirectorySection = "list" | "map" | "tags" | "addresses" | "kinds" | "import" | "none";

/**
 * The directory's tabs as `SectionTabs` (web/tabs.tsx) draws them: the list, the map and the tags for
 * everyone, the curators' pages for curators. The list's filters carry over to the map and back.
 */
export function directoryTabs(
  t: PageContext["t"],
  space: { slug: string; name: string },
  current: DirectorySection,
  canCurate: boolean,
  filters?: Query,
) {
  return {
    home: { href: urls.space(space.slug), label: space.name },
    label: t("commons.sections"),
    current,
    tabs: [
      { id: "list", href: urls.commonsList(space.slug, filters), label: t("commons.list") },
      { id: "map", href: urls.commonsMap(space.slug, filters), label: t("commons.map") },
      { id: "tags", href: urls.tags(space.slug), label: t("commons.tags") },
      ...(canCurate
        ? [
            { id: "addresses", href: urls.commonsAddresses(space.slug), label: t("commons.addresses") },
            { id: "kinds", href: urls.commonsKinds(space.slug), label: t("commons.kinds") },
            { id: "import", href: urls.commonsImport(space.slug), label: t("commons.import") },
          ]
        : []),
    ],
  };
}
