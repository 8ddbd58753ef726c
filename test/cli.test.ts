import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { dumpLines } from "./helpers/archive.ts";
import { type TestDatabase, testDialects } from "./helpers/db.ts";

const run = promisify(execFile);
const BIN = path.resolve("bin/communs.js");

for (const dialect of testDialects()) {
  describe(`the communs command [${dialect.name}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-cli-"));
    const databases: TestDatabase[] = [];
    let env: NodeJS.ProcessEnv = {};

    /** The environment for a database of this dialect: a data dir for SQLite, a URL for PostgreSQL. */
    async function environment(name: string): Promise<NodeJS.ProcessEnv> {
      const base = {
        ...process.env,
        LOG_LEVEL: "warn",
        COMMUNS_DATA_DIR: path.join(dir, name),
        DATABASE_URL: "",
      };
      if (dialect.name === "sqlite") return base;
      const database = await dialect.create({ migrated: false });
      databases.push(database);
      return { ...base, DATABASE_URL: database.url };
    }

    const communs = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
      run(process.execPath, [BIN, ...args], { env: options.env ?? env });

    before(async () => {
      env = await environment("main");
    });

    after(async () => {
      for (const database of databases) await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("migrates, creates an administrator, a token and spaces", async () => {
      assert.match((await communs(["migrate"])).stdout, /à jour/);
      if (dialect.name === "sqlite") assert.ok(fs.existsSync(path.join(dir, "main", "communs.sqlite")));
      const user = await communs([
        "user",
        "create",
        "--email",
        "Op@Exemple.test",
        "--name",
        "Opératrice",
        "--password",
        "un mot de passe solide",
        "--admin",
      ]);
      assert.match(user.stdout, /Compte créé : op@exemple\.test .*administrateur/);
      const fromEnvironment = await communs(
        ["user", "create", "--email", "env@exemple.test", "--name", "Env"],
        {
          env: { ...env, COMMUNS_PASSWORD: "un mot de passe solide" },
        },
      );
      assert.match(fromEnvironment.stdout, /Compte créé : env@exemple\.test/);
      const token = await communs(["token", "create", "--email", "op@exemple.test"]);
      assert.match(token.stdout.trim(), /^cmn_[A-Za-z0-9_-]{43}$/);
      const assembly = await communs([
        "space",
        "create",
        "--kind",
        "assembly",
        "--name",
        "Assemblée de Tourcoville",
        "--slug",
        "tourcoville",
        "--territory",
        "Tourcoville",
      ]);
      assert.match(assembly.stdout, /\/espaces\/tourcoville/);
      const chamber = await communs([
        "space",
        "create",
        "--kind",
        "chamber",
        "--name",
        "Chambre des tiers-lieux",
        "--theme",
        "tiers-lieux",
        "--assembly",
        "tourcoville",
      ]);
      assert.match(chamber.stdout, /\/espaces\/chambre-des-tiers-lieux/);
    });

    // Only SQLite can be created by mistake: PostgreSQL's database is named by DATABASE_URL.
    if (dialect.name === "sqlite")
      it("never creates a database for a command that reads one, and says which folder it looked in", async () => {
        const elsewhere = { ...env, COMMUNS_DATA_DIR: path.join(dir, "ailleurs") };
        for (const args of [
          ["outbox"],
          ["ledger", "verify", "--space", "chambre"],
          ["token", "create", "--email", "x@exemple.test"],
        ])
          await assert.rejects(
            communs(args, { env: elsewhere }),
            (error: { code: number; stderr: string }) => {
              assert.equal(error.code, 2);
              assert.match(error.stderr, /Aucune base de données dans .*ailleurs/);
              return true;
            },
          );
        assert.equal(fs.existsSync(path.join(dir, "ailleurs")), false, "no stray data folder");
      });

    it("explains bad arguments in French and exits non-zero", async () => {
      await assert.rejects(
        communs(["user", "create", "--email", "x@exemple.test"]),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 2);
          assert.match(error.stderr, /--name est obligatoire/);
          return true;
        },
      );
      await assert.rejects(
        communs(["space", "create", "--kind", "chamber", "--name", "Sans thème"]),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 1);
          assert.match(error.stderr, /theme : Ce champ est obligatoire\./);
          return true;
        },
      );
      await assert.rejects(communs(["danse"]), /Commande inconnue/);
    });

    it("backs up and restores into an empty database, and refuses a non-empty one", async () => {
      const file = path.join(dir, "sauvegarde.tar.gz");
      assert.match((await communs(["backup", file])).stdout, /Sauvegarde écrite/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, "readable by its owner only");
      await assert.rejects(communs(["backup", file]), /existe déjà/, "never written over");
      await assert.rejects(communs(["restore", path.join(dir, "absent.jsonl")]), /Fichier introuvable/);
      const target = await environment("restored");
      await communs(["migrate"], { env: target });
      assert.match((await communs(["restore", file], { env: target })).stdout, /Restauration terminée/);
      const again = path.join(dir, "again.tar.gz");
      await communs(["backup", again], { env: target });
      const rows = async (f: string) => (await dumpLines(f)).slice(1);
      assert.deepEqual(await rows(again), await rows(file));
      await assert.rejects(communs(["restore", file], { env: target }), /pas vide/);
    });

    it("explains in French why a backup is refused, and restores one of the previous version", async () => {
      const damaged = path.join(dir, "abimee.tar.gz");
      const good = fs.readFileSync(path.join(dir, "sauvegarde.tar.gz"));
      fs.writeFileSync(damaged, good.subarray(0, good.length - 30));
      const target = await environment("refused");
      await communs(["migrate"], { env: target });
      await assert.rejects(
        communs(["restore", damaged], { env: target }),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 1);
          assert.match(
            error.stderr,
            /n’est pas valide\u202f: rien n’a été restauré\.\n {2}archive : Sauvegarde tronquée ou endommagée\./,
          );
          return true;
        },
      );
      const previous = path.join(dir, "precedente.jsonl");
      fs.writeFileSync(previous, `${(await dumpLines(path.join(dir, "sauvegarde.tar.gz"))).join("\n")}\n`);
      const restored = await communs(["restore", previous], { env: target });
      assert.match(
        restored.stdout,
        /Restauration terminée : \d+ lignes, 0 fichiers\.\n.*receipts\/ et images\//,
      );
    });

    it("serves HTTP and shuts down cleanly on SIGTERM", async () => {
      // Started from another directory, as a service manager would.
      const server = spawn(process.execPath, [BIN, "serve"], {
        cwd: os.tmpdir(),
        env: { ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      });
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        server.on("exit", () => reject(new Error(`server exited: ${output}`)));
      });
      const health = await fetch(`${url}/health`);
      assert.deepEqual(await health.json(), { status: "ok", database: dialect.name });
      const page = await fetch(`${url}/espaces/tourcoville`);
      assert.match(await page.text(), /Assemblée de Tourcoville/);
      const exit = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
      server.kill("SIGTERM");
      assert.equal(await exit, 0);
      assert.match(output, /shutting down/);
      assert.doesNotMatch(output, /communs_session=|cmn_|password/i);
    });
  });
}
