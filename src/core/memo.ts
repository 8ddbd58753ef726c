/**
 * Values read from the database and kept in memory (the directory's pages and map index, a person's
 * unread count or home page) while the database is as they were read: until `version` (how many changes
 * this process made, `Db.writes`) moves, and a while at most, since another process (the command line,
 * a separate job worker) may write too. Callers share the values: they read them, never change them.
 */
export function createMemo(max: number, ttlMs: number, version: () => number) {
  const entries = new Map<string, { value: Promise<unknown>; expires: number; version: number }>();

  return {
    /** The value kept under `key`, or the one `compute` makes (once, however many ask at the same time). */
    remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const known = entries.get(key);
      if (known && known.expires > Date.now() && known.version === version())
        return known.value as Promise<T>;
      entries.delete(key);
      // Filters people type make keys without end: the oldest goes first.
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      // Noted before computing: a write made while it computes makes the value stale at once.
      const at = version();
      const entry = { value: compute(), expires: Date.now() + ttlMs, version: at };
      // A failure is not kept: the next request tries again.
      entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
      entries.set(key, entry);
      return entry.value as Promise<T>;
    },
  };
}

export type Memo = ReturnType<typeof createMemo>;
