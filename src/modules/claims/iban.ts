import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN } from "ibantools";

// A claimant's IBAN is personal data a treasurer needs to pay, and no one else: it is stored sealed with
// AES-256-GCM under the instance's secret key, so that a copy of the database alone does not reveal it.

/** The sealed form's version, so that another cipher or key could come later. */
const VERSION = "v1";
const KEY_FILE = "secret.key";

/**
 * The instance's 32-byte key: from COMMUNS_SECRET_KEY (any text, hashed to 32 bytes), else from a key
 * file under the data folder, created once with mode 0600 and read again at each start.
 */
export function loadSecretKey(config: { secretKey: string; dataDir: string }): Buffer {
  if (config.secretKey) return createHash("sha256").update(config.secretKey).digest();
  const file = path.join(config.dataDir, KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key in hex`);
  return key;
}

/** The IBAN as banks exchange it ("FR7630006000011234567890189"), or undefined when it is not one. */
export function checkedIban(raw: string): string | undefined {
  const iban = electronicFormatIBAN(raw) ?? "";
  return isValidIBAN(iban) ? iban : undefined;
}

export function sealIban(key: Buffer, iban: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(iban, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

export function openIban(key: Buffer, sealed: string): string {
  const bytes = Buffer.from(sealed.slice(VERSION.length + 1), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}

/** "FR76 3000 6000 0112 3456 7890 189": how a treasurer reads and copies it. */
export function readableIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}

/** "FR76 •••• 0189": enough for its author to recognise it, too little to use it. */
export function maskedIban(iban: string): string {
  return `${iban.slice(0, 4)} •••• ${iban.slice(-4)}`;
}

/** The claims' IBANs under the instance's key, read (or made) at the first one, not at start. */
export function createIbanSeal(config: { secretKey: string; dataDir: string }) {
  let secretKey: Buffer | undefined;
  const key = () => {
    secretKey ??= loadSecretKey(config);
    return secretKey;
  };
  return {
    /** A claim's IBAN columns when one was typed (sealed, and its hint), none when left empty. */
    fields(errors: Record<string, string>, typed: string) {
      if (typed === "") return {};
      const iban = checkedIban(typed);
      if (iban) return { iban_sealed: sealIban(key(), iban), iban_hint: maskedIban(iban) };
      errors.iban = "claims.ibanInvalid";
      return {};
    },
    /** The IBAN in full, as a treasurer copies it. */
    read(sealed: string): string {
      return readableIban(openIban(key(), sealed));
    },
  };
}
