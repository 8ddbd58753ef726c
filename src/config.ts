import path from "node:path";

/** Settings read once from the environment at start; every name is documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Seals claimants' IBANs (COMMUNS_SECRET_KEY); empty means a key file made once under dataDir. */
  secretKey: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  instanceName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  loginRateLimit: number;
  pageCacheMs: number;
  trustProxy: boolean;
  /**
   * Which geocoder runs on save and in batch: `auto` (the local BAN index once one is built, else the
   * Addok API at `geocoderUrl`), the local index alone, the Addok API alone, or none.
   */
  geocoder: "auto" | "local" | "addok" | "none";
  geocoderUrl: string;
  geocoderTimeoutMs: number;
  /** Map tiles; an empty URL means no basemap (markers on a blank map). */
  mapTileUrl: string;
  mapTileAttribution: string;
  /** Largest upload accepted (images, import files), in bytes. */
  uploadMaxBytes: number;
  /** Limits of one import file, parsed in a worker thread: decompressed bytes, entries, seconds. */
  importLimits: { maxBytes: number; maxEntries: number; maxSeconds: number };
  /** An import file previewed but neither confirmed nor cancelled is removed after this many hours. */
  importPreviewTtlHours: number;
  /** Largest receipt of an expense claim (PDF, JPEG, PNG), in bytes. */
  receiptMaxBytes: number;
  /** HelloAsso's API, to fetch back the payment a notification names; empty client id: notifications refused. */
  helloassoApiUrl: string;
  helloassoClientId: string;
  helloassoClientSecret: string;
  helloassoOrganization: string;
  /**
   * Fetching a meeting's pad: how long to wait, how many bytes to take, and the hosts it may reach even
   * on a private network (an Etherpad on the local network; by default none is).
   */
  pad: { timeoutMs: number; maxBytes: number; allowedHosts: string[] };
  /** Durable jobs: run by the server process or not (a separate `communs jobs run`), and how. */
  jobs: JobsConfig;
}

export interface JobsConfig {
  inServer: boolean;
  /** How often a runner looks for due jobs (an enqueue in the same process wakes it at once). */
  pollMs: number;
  /** Jobs run at once by one runner. */
  concurrency: number;
  /** A run's lease: past it without news from its worker (crashed), the job is taken again. */
  leaseMs: number;
  /** The first retry's delay, doubled at each failure up to an hour. */
  retryMs: number;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
  }
  return value;
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError("DATABASE_URL doit commencer par postgres:// (laisser vide pour SQLite).");
  }
  return raw;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function oneOf(env: NodeJS.ProcessEnv, name: string, fallback: string, allowed: string[]): string {
  const raw = env[name] || fallback;
  if (!allowed.includes(raw))
    throw new ConfigError(`${name} doit valoir ${allowed.join(", ")} (reçu « ${raw} »).`);
  return raw;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} doit être une adresse ${protocols.join(" ou ")}// (reçu « ${raw} »).`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 3000, 0, 65535);
  return {
    port,
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.COMMUNS_DATA_DIR || "data"),
    secretKey: env.COMMUNS_SECRET_KEY ?? "",
    databaseUrl: databaseUrl(env.DATABASE_URL),
    publicUrl: (url(env, "COMMUNS_PUBLIC_URL", ["http:", "https:"]) || `http://localhost:${port}`).replace(
      /\/$/,
      "",
    ),
    instanceName: env.COMMUNS_INSTANCE_NAME || "Communs",
    smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom: env.MAIL_FROM || "Communs <communs@localhost>",
    logLevel: oneOf(env, "LOG_LEVEL", "info", LOG_LEVELS),
    loginRateLimit: integer(env, "COMMUNS_LOGIN_RATE_LIMIT", 10, 1, 1_000_000),
    pageCacheMs: integer(env, "COMMUNS_PAGE_CACHE_MS", 1000, 0, 60_000),
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    geocoder: oneOf(env, "COMMUNS_GEOCODER", "auto", [
      "auto",
      "local",
      "addok",
      "none",
    ]) as Config["geocoder"],
    geocoderUrl: (
      url(env, "COMMUNS_GEOCODER_URL", ["http:", "https:"]) || "https://data.geopf.fr/geocodage"
    ).replace(/\/$/, ""),
    geocoderTimeoutMs: integer(env, "COMMUNS_GEOCODER_TIMEOUT_MS", 5000, 100, 120_000),
    mapTileUrl: env.COMMUNS_MAP_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    mapTileAttribution:
      env.COMMUNS_MAP_TILE_ATTRIBUTION ??
      '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
    uploadMaxBytes: integer(env, "COMMUNS_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, 1024, 2 ** 31),
    importLimits: {
      maxBytes: integer(env, "COMMUNS_IMPORT_MAX_BYTES", 200 * 1024 * 1024, 1024, 2 ** 40),
      maxEntries: integer(env, "COMMUNS_IMPORT_MAX_ENTRIES", 100_000, 1, 100_000_000),
      maxSeconds: integer(env, "COMMUNS_IMPORT_MAX_SECONDS", 600, 1, 86_400),
    },
    importPreviewTtlHours: integer(env, "COMMUNS_IMPORT_PREVIEW_TTL_HOURS", 24, 1, 24 * 365),
    receiptMaxBytes: integer(env, "COMMUNS_RECEIPT_MAX_BYTES", 10 * 1024 * 1024, 1024, 2 ** 31),
    helloassoApiUrl:
      url(env, "COMMUNS_HELLOASSO_API_URL", ["http:", "https:"]) || "https://api.helloasso.com",
    helloassoClientId: env.COMMUNS_HELLOASSO_CLIENT_ID ?? "",
    helloassoClientSecret: env.COMMUNS_HELLOASSO_CLIENT_SECRET ?? "",
    helloassoOrganization: env.COMMUNS_HELLOASSO_ORGANIZATION ?? "",
    pad: {
      timeoutMs: integer(env, "COMMUNS_PAD_TIMEOUT_MS", 10_000, 100, 120_000),
      maxBytes: integer(env, "COMMUNS_PAD_MAX_BYTES", 2 * 1024 * 1024, 1024, 2 * 1024 * 1024),
      allowedHosts: (env.COMMUNS_PAD_ALLOWED_HOSTS ?? "")
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    },
    jobs: {
      inServer: !["0", "false"].includes(env.COMMUNS_JOBS_IN_SERVER ?? ""),
      pollMs: integer(env, "COMMUNS_JOBS_POLL_MS", 1000, 10, 3_600_000),
      concurrency: integer(env, "COMMUNS_JOBS_CONCURRENCY", 4, 1, 100),
      leaseMs: integer(env, "COMMUNS_JOBS_LEASE_SECONDS", 300, 1, 86_400) * 1000,
      retryMs: integer(env, "COMMUNS_JOBS_RETRY_SECONDS", 30, 0, 86_400) * 1000,
    },
  };
}
