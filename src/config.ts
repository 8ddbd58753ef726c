import path from "node:path";

/** Settings read once from the environment at start; every name is documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  instanceName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  loginRateLimit: number;
  pageCacheMs: number;
  trustProxy: boolean;
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
  };
}
