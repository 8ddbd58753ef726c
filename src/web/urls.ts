/**
 * Every page's address, built in one place: links, form actions and redirects call these instead of
 * writing paths by hand, so a page moves in one line and a typo is a type error. Each builder reads as
 * the route it points to (see the modules' `routes.ts` tables); path segments are encoded.
 */

import { pageUrl } from "../core/wikitext/titles.ts";

type QueryValue = string | number | undefined | null;
export type Query = Record<string, QueryValue>;

const seg = encodeURIComponent;

/** `path?name=value…` with the empty values left out (so a default filter leaves a clean address). */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

const space = (slug: string) => `/espaces/${seg(slug)}`;
const commons = (slug: string, commonsSlug: string) => `${space(slug)}/communs/${seg(commonsSlug)}`;
const tag = (slug: string, tagSlug: string) => `${space(slug)}/etiquettes/${seg(tagSlug)}`;
const claim = (slug: string, id: string) => `${space(slug)}/notes-de-frais/${seg(id)}`;
const proposal = (slug: string, n: number) => `${space(slug)}/decisions/${n}`;
const meeting = (slug: string, id: string) => `${space(slug)}/reunions/${seg(id)}`;
const task = (slug: string, id: string) => `${space(slug)}/taches/${seg(id)}`;

export const urls = {
  home: () => "/",
  health: () => "/health",
  favicon: () => "/favicon.ico",
  manifest: () => "/manifest.webmanifest",
  openapi: () => "/api/v1/openapi.json",
  /** A file of src/web/assets (the stylesheet, client scripts). */
  asset: (file: string) => `/assets/${file}`,

  // Accounts
  register: () => "/inscription",
  /** `suite`: where to go back to after logging in (a path of this site). */
  login: (next?: string) => (next ? `/connexion?suite=${seg(next)}` : "/connexion"),
  logout: () => "/deconnexion",
  forgotPassword: () => "/mot-de-passe-oublie",
  confirmation: (secret: string) => `/confirmation/${seg(secret)}`,
  passwordReset: (secret: string) => `/reinitialisation/${seg(secret)}`,
  profile: () => "/profil",
  profilePassword: () => "/profil/mot-de-passe",
  profileTokens: () => "/profil/jetons",
  profileData: () => "/profil/donnees",
  profileDelete: () => "/profil/supprimer",
  profileTokenRevoke: (id: string) => `/profil/jetons/${seg(id)}/revoquer`,

  // Notifications
  /** The first page is the list's default: it leaves the address clean. */
  notifications: (page?: number) => withQuery("/notifications", { page: page === 1 ? undefined : page }),
  notificationOpen: (id: string) => `/notifications/${seg(id)}/ouvrir`,
  notificationsReadAll: () => "/notifications/tout-lu",
  notificationSettings: () => "/notifications/reglages",
  unsubscribe: (secret: string) => `/notifications/desabonner/${seg(secret)}`,

  // Spaces
  instanceAudit: (before?: string) => withQuery("/journal", { avant: before }),
  failedJobs: () => "/taches-en-echec",
  jobRetry: (id: string) => `/taches-en-echec/${seg(id)}/reessayer`,
  lifecycle: () => "/admin/cycle-de-vie",
  spaces: () => "/espaces",
  newSpace: () => "/espaces/nouveau",
  space,
  spaceAbout: (slug: string) => `${space(slug)}/a-propos`,
  spaceEdit: (slug: string) => `${space(slug)}/modifier`,
  spaceLogo: (slug: string) => `${space(slug)}/logo`,
  /** A space's logo, by its file: a new logo has a new address, so it is cached for good. */
  logo: (file: string) => `/logos/${seg(file)}`,
  spaceMembers: (slug: string) => `${space(slug)}/membres`,
  spaceJoin: (slug: string) => `${space(slug)}/rejoindre`,
  spaceLeave: (slug: string) => `${space(slug)}/quitter`,
  memberAccept: (slug: string, id: string) => `${space(slug)}/membres/${seg(id)}/accepter`,
  memberDecline: (slug: string, id: string) => `${space(slug)}/membres/${seg(id)}/decliner`,
  memberRole: (slug: string, id: string) => `${space(slug)}/membres/${seg(id)}/role`,
  spaceActivity: (slug: string, before?: string) => withQuery(`${space(slug)}/activite`, { avant: before }),
  spaceActivityFeed: (slug: string) => `${space(slug)}/activite.atom`,
  spaceAudit: (slug: string, before?: string) => withQuery(`${space(slug)}/journal`, { avant: before }),

  // The directory of commons
  commonsList: (slug: string, query?: Query) => withQuery(`${space(slug)}/communs`, query),
  newCommons: (slug: string) => `${space(slug)}/communs/nouveau`,
  commons,
  commonsEdit: (slug: string, c: string) => `${commons(slug, c)}/modifier`,
  commonsDelete: (slug: string, c: string) => `${commons(slug, c)}/supprimer`,
  commonsRelate: (slug: string, c: string) => `${commons(slug, c)}/lies`,
  commonsUnrelate: (slug: string, c: string, other: string) =>
    withQuery(`${commons(slug, c)}/lies/retirer`, { autre: other }),
  commonsCommoners: (slug: string, c: string) => `${commons(slug, c)}/commoners`,
  commonsCommonerWithdraw: (slug: string, c: string) => `${commons(slug, c)}/commoners/retirer`,
  commonsCommonerConfirm: (slug: string, c: string, person: string) =>
    `${commons(slug, c)}/commoners/${seg(person)}/confirmer`,
  commonsCommonerRefuse: (slug: string, c: string, person: string) =>
    `${commons(slug, c)}/commoners/${seg(person)}/refuser`,
  commonsChambers: (slug: string, c: string) => `${commons(slug, c)}/chambres`,
  commonsChamberUnlink: (slug: string, c: string, chamber: string) =>
    withQuery(`${commons(slug, c)}/chambres/retirer`, { chambre: chamber }),
  /** The merge: its confirmation page (with the duplicate typed or chosen) and the form that merges. */
  commonsMerge: (slug: string, c: string, other?: string) =>
    withQuery(`${commons(slug, c)}/fusionner`, { autre: other }),
  commonsSuggestions: (slug: string, q?: string) =>
    withQuery(`${space(slug)}/communs/suggestions.json`, { q }),
  commonsImages: (slug: string, c: string) => `${commons(slug, c)}/images`,
  commonsImageDelete: (slug: string, c: string, image: string) =>
    `${commons(slug, c)}/images/${seg(image)}/supprimer`,
  image: (id: string, size: "thumb" | "full") => `/images/${seg(id)}/${size}`,
  commonsExport: (slug: string, format: string, query?: Query) =>
    withQuery(`${space(slug)}/communs/export/${seg(format)}`, query),
  commonsMapData: (slug: string, query?: Query) => withQuery(`${space(slug)}/communs/carte.json`, query),
  commonsMap: (slug: string, query?: Query) => withQuery(`${space(slug)}/carte`, query),
  embedMap: (query?: Query) => withQuery("/embed/map", query),
  commonsAddresses: (slug: string) => `${space(slug)}/communs/adresses`,
  /** The addresses page following a "Placer les adresses" job. */
  commonsPlacing: (slug: string, job: string) =>
    `${space(slug)}/communs/adresses?placement=${encodeURIComponent(job)}`,
  commonsKinds: (slug: string) => `${space(slug)}/communs/types`,
  commonsImport: (slug: string) => `${space(slug)}/communs/import`,
  commonsImportPreview: (slug: string, upload: string) => `${space(slug)}/communs/import/${seg(upload)}`,
  commonsImportCancel: (slug: string, upload: string) =>
    `${space(slug)}/communs/import/${seg(upload)}/annuler`,

  // Tags
  tags: (slug: string) => `${space(slug)}/etiquettes`,
  tag,
  tagFamilies: (slug: string) => `${space(slug)}/etiquettes/familles`,
  tagFamily: (slug: string, id: string) => `${space(slug)}/etiquettes/familles/${seg(id)}`,
  tagMerge: (slug: string, t: string) => `${tag(slug, t)}/fusionner`,
  tagDelete: (slug: string, t: string) => `${tag(slug, t)}/supprimer`,

  // Meetings
  /** The current year is the list's default: it leaves the address clean. */
  meetings: (slug: string, year?: number) =>
    withQuery(`${space(slug)}/reunions`, { annee: year === currentYear() ? undefined : year }),
  newMeeting: (slug: string) => `${space(slug)}/reunions/nouvelle`,
  meetingsCalendar: (slug: string) => `${space(slug)}/reunions.ics`,
  meeting,
  meetingCalendar: (slug: string, id: string) => `${meeting(slug, id)}/reunion.ics`,
  meetingEdit: (slug: string, id: string) => `${meeting(slug, id)}/modifier`,
  meetingCancel: (slug: string, id: string) => `${meeting(slug, id)}/annuler`,
  /** A date of a recurring meeting skipped, or taken back. */
  meetingExceptions: (slug: string, id: string) => `${meeting(slug, id)}/exceptions`,
  meetingThemes: (slug: string, id: string) => `${meeting(slug, id)}/ordre-du-jour`,
  /** A theme moved (`monter`, `descendre`), set aside (`ecarter`), taken back (`reprendre`) or merged (`fusionner`). */
  meetingTheme: (slug: string, id: string, item: string, move: string) =>
    `${meeting(slug, id)}/ordre-du-jour/${seg(item)}/${seg(move)}`,
  meetingAnswer: (slug: string, id: string) => `${meeting(slug, id)}/presence`,
  meetingAttendance: (slug: string, id: string) => `${meeting(slug, id)}/presences`,
  meetingGuests: (slug: string, id: string) => `${meeting(slug, id)}/invites`,
  meetingMinutes: (slug: string, id: string) => `${meeting(slug, id)}/compte-rendu`,
  meetingMinutesItem: (slug: string, id: string, item: string) =>
    `${meeting(slug, id)}/compte-rendu/${seg(item)}`,
  meetingMinutesDelete: (slug: string, id: string, item: string) =>
    `${meeting(slug, id)}/compte-rendu/${seg(item)}/supprimer`,
  meetingPublish: (slug: string, id: string) => `${meeting(slug, id)}/publier`,
  meetingCorrections: (slug: string, id: string) => `${meeting(slug, id)}/corrections`,
  meetingMarkdown: (slug: string, id: string) => `${meeting(slug, id)}/compte-rendu.md`,
  meetingPrint: (slug: string, id: string) => `${meeting(slug, id)}/imprimer`,
  meetingPad: (slug: string, id: string) => `${meeting(slug, id)}/pad`,
  meetingPadConfirm: (slug: string, id: string) => `${meeting(slug, id)}/pad/enregistrer`,
  // A space's task board
  /** `groupe` (a group's id, or `aucun`), `miennes=1`, `tout=1` (every closed task). */
  tasks: (slug: string, query?: Query) => withQuery(`${space(slug)}/taches`, query),
  newTask: (slug: string) => `${space(slug)}/taches/nouvelle`,
  taskGroups: (slug: string) => `${space(slug)}/taches/groupes`,
  task,
  taskEdit: (slug: string, id: string) => `${task(slug, id)}/modifier`,
  taskTake: (slug: string, id: string) => `${task(slug, id)}/prendre`,
  taskRelease: (slug: string, id: string) => `${task(slug, id)}/lacher`,
  taskFinish: (slug: string, id: string) => `${task(slug, id)}/terminer`,
  taskDrop: (slug: string, id: string) => `${task(slug, id)}/abandonner`,
  taskExpense: (slug: string, id: string) => `${task(slug, id)}/depense`,

  // A chamber's money
  /** The first page is the list's default: it leaves the address clean. */
  donations: (slug: string, page?: number) =>
    withQuery(`${space(slug)}/dons`, { page: page === 1 ? undefined : page }),
  newDonation: (slug: string) => `${space(slug)}/dons/nouveau`,
  donation: (slug: string, id: string) => `${space(slug)}/dons/${seg(id)}`,
  donationCorrect: (slug: string, id: string) => `${space(slug)}/dons/${seg(id)}/corriger`,
  donationImport: (slug: string) => `${space(slug)}/dons/import`,
  donationImportPreview: (slug: string, upload: string) => `${space(slug)}/dons/import/${seg(upload)}`,
  donationImportCancel: (slug: string, upload: string) => `${space(slug)}/dons/import/${seg(upload)}/annuler`,
  claims: (slug: string, status?: string) => withQuery(`${space(slug)}/notes-de-frais`, { statut: status }),
  newClaim: (slug: string) => `${space(slug)}/notes-de-frais/nouvelle`,
  claim,
  claimEdit: (slug: string, id: string) => `${claim(slug, id)}/modifier`,
  claimReceipts: (slug: string, id: string) => `${claim(slug, id)}/justificatifs`,
  claimReceipt: (slug: string, id: string, receipt: string) =>
    `${claim(slug, id)}/justificatifs/${seg(receipt)}`,
  claimApprove: (slug: string, id: string) => `${claim(slug, id)}/approuver`,
  claimPay: (slug: string, id: string) => `${claim(slug, id)}/payer`,
  claimReject: (slug: string, id: string) => `${claim(slug, id)}/rejeter`,
  claimWaive: (slug: string, id: string) => `${claim(slug, id)}/abandonner`,
  /** The current year is the page's default: it leaves the address clean. */
  treasury: (slug: string, year?: number) =>
    withQuery(`${space(slug)}/comptabilite`, { annee: year === currentYear() ? undefined : year }),
  treasuryEnvelopes: (slug: string) => `${space(slug)}/comptabilite/enveloppes`,
  treasuryFunding: (slug: string) => `${space(slug)}/comptabilite/dotations`,
  treasurySiren: (slug: string) => `${space(slug)}/comptabilite/siren`,
  treasuryClose: (slug: string) => `${space(slug)}/comptabilite/cloture`,
  treasuryCategories: (slug: string) => `${space(slug)}/comptabilite/categories`,
  treasuryCategory: (slug: string, code: string) => `${space(slug)}/comptabilite/categories/${seg(code)}`,
  treasuryTransfer: (slug: string, transfer: string) =>
    `${space(slug)}/comptabilite/mouvements/${seg(transfer)}`,
  treasuryReverse: (slug: string, transfer: string) =>
    `${space(slug)}/comptabilite/mouvements/${seg(transfer)}/contre-passer`,
  fec: (slug: string, year?: number) => withQuery(`${space(slug)}/comptabilite/fec`, { annee: year }),
  transparency: (slug: string, year?: number) =>
    withQuery(`${space(slug)}/transparence`, { annee: year === currentYear() ? undefined : year }),
  transparencyCsv: (slug: string, year: number) => `${space(slug)}/transparence/mouvements-${year}.csv`,

  // Decisions
  /** The register: `statut` en-vigueur (default), en-cours or toutes, `q` words to find. */
  decisions: (slug: string, query?: Query) => withQuery(`${space(slug)}/decisions`, query),
  newProposal: (slug: string, query?: Query) => withQuery(`${space(slug)}/decisions/nouvelle`, query),
  proposal,
  /** What is done to a proposal: questions, objections, amender, position, retirer, avancer, reunion, revue. */
  proposalAction: (slug: string, n: number, action: string) => `${proposal(slug, n)}/${seg(action)}`,
  proposalDiff: (slug: string, n: number, from: number, to: number) =>
    withQuery(`${proposal(slug, n)}/versions`, { de: from, a: to }),
  /** An objection withdrawn (retirer), its integration accepted (integrer), or marked not valid (invalider). */
  objectionAction: (slug: string, n: number, objection: string, action: string) =>
    `${proposal(slug, n)}/objections/${seg(objection)}/${seg(action)}`,
  socialCode: (slug: string, version?: number) => withQuery(`${space(slug)}/code-social`, { version }),
  socialCodeDiff: (slug: string, from: number, to: number) =>
    withQuery(`${space(slug)}/code-social/diff`, { de: from, a: to }),
  socialCodePropose: (slug: string) => `${space(slug)}/code-social/proposer`,
  rulesPropose: (slug: string) => `${space(slug)}/regles/proposer`,
  spaceFork: (slug: string) => `${space(slug)}/bifurquer`,
  spaceFamily: (slug: string) => `${space(slug)}/famille`,

  // Wiki pages. `root` is a space's wiki (wikiRoot); titles are full ("Catégorie:Communs"), written
  // with MediaWiki's encoding, and the special pages keep MediaWiki's French names.
  /** `/wiki` for the instance's wiki space, else under the space. */
  wikiRoot: (slug: string, atRoot = false) => (atRoot ? "/wiki" : `${space(slug)}/wiki`),
  wikiPage: (root: string, title: string, fragment?: string | null) => pageUrl(root, title, fragment),
  /** `Spécial:Historique/Title`, `Spécial:Modifier/Title`, `Spécial:Version/N`, `Spécial:Diff/N/M`… */
  wikiSpecial: (root: string, name: WikiSpecial, sub?: string | number, query?: Query) =>
    withQuery(pageUrl(root, sub === undefined ? `Spécial:${name}` : `Spécial:${name}/${sub}`), query),
} as const;

/** The wiki's special pages, by their French MediaWiki names. */
export type WikiSpecial =
  | "Historique"
  | "Modifier"
  | "Version"
  | "Diff"
  | "Modifications récentes"
  | "Toutes les pages"
  | "Catégories"
  | "Page au hasard"
  | "Recherche"
  | "Pages liées"
  | "Renommer"
  | "Téléverser"
  | "FilePath"
  | "Importer";

function currentYear(): number {
  return new Date().getUTCFullYear();
}
