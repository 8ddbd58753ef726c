/**
 * Values kept in memory until what they were made from changes (the directory's pages and map index,
 * a person's unread count), and a while at most: another process (the command line, a separate job
 * worker) may write too. Callers share the values: they read them, never change them.
 */
export function createMemo(max: number, ttlMs: number) {
  const entries = new Map<string, { value: Promise<unknown>; expires: number }>();

  return {
    /** The value kept under `key`, or the one `compute` makes (once, however many ask at the same time). */
    remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const known = entries.get(key);
      if (known && known.expires > Date.now()) return known.value as Promise<T>;
      entries.delete(key);
      // Filters people type make keys without end: the oldest goes first.
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      const made = compute();
      // A failure is not kept: the next request tries again.
      made.catch(() => entries.get(key)?.value === made && entries.delete(key));
      entries.set(key, { value: made, expires: Date.now() + ttlMs });
      return made;
    },

    /**
     * Forgets everything, once a write is committed (not before: a request in between would compute
     * from the old rows again). Computations under way are dropped with the rest.
     */
    clear(): void {
      entries.clear();
    },

    /** Forgets one value, once a write it depends on is committed. */
    forget(key: string): void {
      entries.delete(key);
    },
  };
}

export type Memo = ReturnType<typeof createMemo>;
