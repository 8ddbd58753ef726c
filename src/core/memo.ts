/**
 * Values read from the database and kept in memory (the directory's pages and map index, a person's
 * unread count or home page) while the database is as they were read: until `version` (how many changes
 * this process made, `Db.writes`) moves. Another process (the command line, a separate job worker) may
 * write too: past `ttlMs` a value is read again, and the kept one is served until the new one is ready,
 * so that a page read by fifty people at once does not make them all wait for it. Callers share the
 * values: they read them, never change them.
 */
interface Entry {
  value: Promise<unknown>;
  expires: number;
  version: number;
  renewing: boolean;
}

export function createMemo(max: number, ttlMs: number, version: () => number) {
  const entries = new Map<string, Entry>();

  /** Computes a value and keeps it; a failure is not kept, the next request tries again. */
  function keep<T>(key: string, compute: () => Promise<T>): Promise<T> {
    entries.delete(key);
    // Filters people type make keys without end: the oldest goes first.
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    // Noted before computing: a write made while it computes makes the value stale at once.
    const at = version();
    const entry: Entry = { value: compute(), expires: Date.now() + ttlMs, version: at, renewing: false };
    entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
    entries.set(key, entry);
    return entry.value as Promise<T>;
  }

  /** Reads an old value again in the background; it replaces the old one once ready. */
  function renew(key: string, old: Entry, compute: () => Promise<unknown>): void {
    old.renewing = true;
    const at = version();
    const value = compute();
    value.then(
      () => {
        if (entries.get(key) === old)
          entries.set(key, { value, expires: Date.now() + ttlMs, version: at, renewing: false });
      },
      () => entries.get(key) === old && entries.delete(key),
    );
  }

  return {
    /** The value kept under `key`, or the one `compute` makes (once, however many ask at the same time). */
    remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const known = entries.get(key);
      if (!known || known.version !== version()) return keep(key, compute);
      if (known.expires <= Date.now() && !known.renewing) renew(key, known, compute);
      return known.value as Promise<T>;
    },
  };
}

export type Memo = ReturnType<typeof createMemo>;
