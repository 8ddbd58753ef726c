/** An assembly's tags: families, the governed vocabulary and free tags, synonyms, tags of commons. */

import type { Flag } from "./columns.ts";

export interface TagFamilyTable {
  id: string;
  space_id: string;
  name: string;
  position: number;
}

export interface TagTable {
  id: string;
  space_id: string;
  family_id: string | null;
  slug: string;
  label: string;
  folded: string;
  /** 1 for the governed vocabulary, 0 for a free tag. */
  governed: Flag;
  description: string;
}

export interface TagSynonymTable {
  id: string;
  space_id: string;
  tag_id: string;
  label: string;
  folded: string;
}

export interface CommonsTagTable {
  commons_id: string;
  tag_id: string;
}
