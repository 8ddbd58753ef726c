/**
 * Placing a directory's addresses on the map as a durable job (`geocode.places`): asked for from the
 * addresses page ("Placer les adresses") and after an import; the page follows its progress.
 */
import type { Actor } from "../../core/policy.ts";
import type { JobQueue, JobView } from "../jobs/service.ts";
import type { GeocodeOnSave } from "./geocode.ts";
import type { Records } from "./service-records.ts";
import type { createWriting } from "./service-write.ts";

export const PLACE_JOB = "geocode.places";

type GeocodeMissing = ReturnType<typeof createWriting>["geocodeMissing"];

export function createPlacing(
  base: Records,
  geocodeMissing: GeocodeMissing,
  geocoder: GeocodeOnSave,
  jobs: JobQueue,
) {
  const { directory, authorise } = base;

  jobs.register(PLACE_JOB, async (payload: { space: string }, run) => {
    const result = await geocodeMissing(payload.space, { retryNotFound: false, onProgress: run.progress });
    // Thrown, the job is tried again later (with back-off): only the places still unplaced are.
    if (result.unavailable > 0) {
      throw new Error(`service de géocodage indisponible : ${result.unavailable} adresse(s) en attente`);
    }
  });

  const keyOf = (spaceId: string) => `${PLACE_JOB}:${spaceId}`;

  /** Enqueues placing a directory's addresses, once: asked again while it waits, the same job. */
  async function queue(spaceId: string, spaceSlug: string): Promise<string | null> {
    if (!geocoder) return null;
    return jobs.enqueue(PLACE_JOB, { space: spaceSlug }, { key: keyOf(spaceId) });
  }

  return {
    /** "Placer les adresses": the job's id, or null when geocoding is off. */
    async placeAddresses(actor: Actor | undefined, spaceSlug: string): Promise<string | null> {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      return queue(space.id, space.slug);
    },

    /** After an import wrote places without coordinates (the importer was authorised already). */
    async placeImported(spaceSlug: string): Promise<string | null> {
      const space = await directory(spaceSlug);
      return queue(space.id, space.slug);
    },

    /**
     * The directory's latest placing job while it waits or runs (asked for here or by an import), or
     * once finished when it is the one the page follows (`followed`): its progress, then its result.
     */
    async placing(
      actor: Actor | undefined,
      spaceSlug: string,
      followed: string,
    ): Promise<JobView | undefined> {
      const space = await directory(spaceSlug);
      await authorise(actor, space, "commons.curate");
      const job = await jobs.latest(keyOf(space.id));
      const underWay = job?.status === "pending" || job?.status === "running";
      return underWay || job?.id === followed ? job : undefined;
    },
  };
}
