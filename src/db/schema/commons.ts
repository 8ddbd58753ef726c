/** An assembly's directory of commons: records, places, links, origins, relations, commoners, images. */

import type { CommonsStatus } from "../../core/commons.ts";
import type { Flag, Timestamp } from "./columns.ts";

export interface CommonsKindTable {
  space_id: string;
  slug: string;
  label: string;
  position: number;
}

export interface CommonsTable {
  id: string;
  space_id: string;
  slug: string;
  name: string;
  summary: string;
  description: string;
  kind: string;
  status: CommonsStatus;
  contact: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Folded copies (lower case, no accents) that full-text search reads. */
  search_name: string;
  search_text: string;
}

export interface CommonsPlaceTable {
  id: string;
  commons_id: string;
  position: number;
  label: string;
  street: string;
  postcode: string;
  commune: string;
  commune_folded: string;
  insee_code: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  coarse: Flag;
  geo_source: string | null;
  geo_score: number | null;
  geo_at: Timestamp | null;
  /** Why the last geocoding failed (a message key), null when it did not. */
  geo_failed: string | null;
}

export interface CommonsLinkTable {
  id: string;
  commons_id: string;
  position: number;
  type: string;
  url: string;
  label: string;
}

export interface CommonsOriginTable {
  id: string;
  space_id: string;
  commons_id: string;
  source: string;
  external_id: string;
  revision: string | null;
  imported_at: Timestamp;
}

export interface CommonsRelationTable {
  commons_a: string;
  commons_b: string;
  created_at: Timestamp;
}

export interface CommonsCommonerTable {
  commons_id: string;
  person_id: string;
  role: string;
  created_at: Timestamp;
  /** Who confirmed the declaration (an editor of the record); null once they are gone, or while pending. */
  confirmed_by: string | null;
  /** Set when an editor confirmed it: only then does it give the right to edit the record. */
  confirmed_at: Timestamp | null;
}

export interface CommonsImageTable {
  id: string;
  commons_id: string;
  position: number;
  file: string;
  content_type: string;
  width: number;
  height: number;
  alt: string;
  created_at: Timestamp;
}

export interface ChamberCommonsTable {
  space_id: string;
  commons_id: string;
  created_at: Timestamp;
}
