/**
 * Table types shared by both dialects. Timestamps are ISO-8601 strings in UTC, booleans are 0/1
 * integers and identifiers are UUIDv7 strings, so that a row reads the same from SQLite and PostgreSQL
 * and a backup restores identically into either.
 */
export type Timestamp = string;
export type Flag = 0 | 1;
