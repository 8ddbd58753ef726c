/**
 * The wiki's special pages by name, as MediaWiki spells them in French and in English: an address
 * with another spelling (`Special:RecentChanges`, `Spécial:Modifications_récentes`) finds the same
 * page, and is sent on to the one address each page keeps.
 */
import { fold } from "../../core/text.ts";
import type { WikiSpecial } from "../../web/urls.ts";

const NAMES: Record<string, WikiSpecial> = {
  historique: "Historique",
  history: "Historique",
  modifier: "Modifier",
  editpage: "Modifier",
  edit: "Modifier",
  version: "Version",
  permanentlink: "Version",
  lienpermanent: "Version",
  diff: "Diff",
  modificationsrecentes: "Modifications récentes",
  recentchanges: "Modifications récentes",
  touteslespages: "Toutes les pages",
  allpages: "Toutes les pages",
  categories: "Catégories",
  pageauhasard: "Page au hasard",
  random: "Page au hasard",
  randompage: "Page au hasard",
  recherche: "Recherche",
  search: "Recherche",
  pagesliees: "Pages liées",
  whatlinkshere: "Pages liées",
  renommer: "Renommer",
  renommerunepage: "Renommer",
  movepage: "Renommer",
  televerser: "Téléverser",
  upload: "Téléverser",
  filepath: "FilePath",
  importer: "Importer",
  import: "Importer",
};

const PREFIX = /^(?:spécial|special|sp%C3%A9cial)\s*:/i;

export interface SpecialAddress {
  name: WikiSpecial;
  /** What follows the name: a title, a revision number, `N/M`. */
  sub: string | undefined;
  /** Whether the address already spells the name as we do (else it is sent on). */
  canonical: boolean;
}

/** The special page an address names (`Spécial:Historique/Accueil`), if it names one. */
export function specialOf(path: string): SpecialAddress | null | undefined {
  if (!PREFIX.test(path)) return undefined;
  const rest = path.replace(PREFIX, "");
  const slash = rest.indexOf("/");
  const written = (slash < 0 ? rest : rest.slice(0, slash)).replace(/_/g, " ");
  const name = NAMES[fold(written).replace(/ /g, "")];
  if (!name) return null;
  const sub = slash < 0 ? undefined : rest.slice(slash + 1);
  return { name, sub: sub === "" ? undefined : sub, canonical: /^Spécial:/.test(path) && written === name };
}
