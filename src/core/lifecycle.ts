/**
 * An instance's life and its composting: active, then (each from its date) a notice banner, read-only,
 * and archived. The stage in force on a day is the latest one whose date has come.
 */
export const LIFECYCLE_STAGES = ["active", "notice", "readOnly", "archived"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
