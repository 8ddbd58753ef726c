/** Documentation pages with their revisions, links, categories, files and log; the lifecycle's stages. */

import type { LifecycleStage } from "../../core/lifecycle.ts";
import type { Flag, Timestamp } from "./columns.ts";

export interface WikiPageTable {
  id: string;
  space_id: string;
  /** Its page id in the space; an imported page keeps MediaWiki's. */
  number: number;
  namespace: number;
  /** Without its namespace prefix, with spaces, first letter as the wiki's case. */
  title: string;
  /** Number of its latest revision. */
  latest: number | null;
  redirect_namespace: number | null;
  redirect_title: string | null;
  redirect_fragment: string | null;
  length: number;
  html: string | null;
  sort_key: string | null;
  rendered_at: Timestamp | null;
  search_title: string;
  search_text: string;
  created_at: Timestamp;
  touched_at: Timestamp;
}

export type RevisionFormat = "wikitext" | "markdown";

export interface WikiRevisionTable {
  id: string;
  space_id: string;
  page_id: string;
  /** Its revision id in the space; an imported revision keeps MediaWiki's. */
  number: number;
  parent: number | null;
  timestamp: Timestamp;
  user_name: string | null;
  user_number: number | null;
  person_id: string | null;
  ip: string | null;
  comment: string;
  minor: Flag;
  size: number;
  sha1: string;
  format: RevisionFormat;
  text: string;
}

/** A link (or a template transclusion) from a page's latest revision to a title, existing or not. */
export interface WikiTargetTable {
  id: string;
  page_id: string;
  space_id: string;
  namespace: number;
  title: string;
}

export interface WikiCategoryTable {
  id: string;
  page_id: string;
  space_id: string;
  /** The category's title without its prefix. */
  category: string;
  sort_key: string;
}

export interface WikiFileTable {
  id: string;
  space_id: string;
  name: string;
  media_type: string;
  size: number;
  sha1: string;
  storage_key: string;
  timestamp: Timestamp;
  user_name: string | null;
  person_id: string | null;
  comment: string;
}

export interface WikiLogEventTable {
  id: string;
  space_id: string;
  number: number;
  type: string;
  action: string;
  timestamp: Timestamp;
  user_name: string | null;
  namespace: number | null;
  title: string | null;
  comment: string;
  params: string;
}

export interface LifecycleStageTable {
  stage: Exclude<LifecycleStage, "active">;
  /** YYYY-MM-DD, Paris time: the stage holds from that day's start. */
  starts_on: string;
  message: string;
  next_url: string;
  set_by: string | null;
  set_at: Timestamp;
}
