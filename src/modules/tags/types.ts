/** What the tags module shows: the vocabulary of an assembly and one tag's page, with their limits. */
import { LIMITS } from "../../core/commons.ts";

export const TAG_LIMITS = {
  label: LIMITS.tag,
  family: 60,
  description: 1000,
  synonyms: 30,
  /** Records listed on a tag's page, as many as a page of the list; the list, one link away, pages on. */
  carriersShown: 50,
} as const;

export interface TagItem {
  slug: string;
  label: string;
  count: number;
  synonyms: string[];
}

export interface FamilyGroup {
  id: string;
  name: string;
  position: number;
  tags: TagItem[];
}

export interface SpaceRef {
  slug: string;
  name: string;
}

export interface Vocabulary {
  space: SpaceRef;
  families: FamilyGroup[];
  /** Governed tags whose family is gone or was never given. */
  unfiled: TagItem[];
  free: TagItem[];
  canCurate: boolean;
}

export interface TagDetail {
  slug: string;
  label: string;
  governed: boolean;
  family: { id: string; name: string } | null;
  description: string;
  synonyms: string[];
  count: number;
}

export interface TagPage {
  space: SpaceRef;
  tag: TagDetail;
  commons: { slug: string; name: string; summary: string; image: { id: string; alt: string } | null }[];
  families: { id: string; name: string }[];
  /** The other tags of the assembly, what this one may be merged into. */
  others: { slug: string; label: string; governed: boolean }[];
  canCurate: boolean;
}
