// The compiled runtime, as users run it: bin/communs.js runs dist/ (built by `npm install`; the test
// runner rebuilds it when older than src/) with no TypeScript compiler in the process, each command
// loads only its own code, the static files are found from any directory, and a dist/ older than its
// sources is refused with what to do. SQLite only: nothing here depends on the dialect.
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(".");
const BIN = path.join(ROOT, "bin/communs.js");
const RECORDER = path.join(ROOT, "test/helpers/record-imports.js");
/** What a process with a TypeScript compiler in it loads, one way or another. */
const COMPILER = /\/node_modules\/(tsx|esbuild|typescript|@esbuild)\/|\.tsx?$/;
/** The web application: routes, pages, views (TSX) and the app itself. */
const WEB = /\.tsx$|(^|\/|-)(routes|pages|views|api)\.ts$|^src\/app\.ts$/;

describe("the compiled runtime", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-runtime-"));
  const env = {
    ...process.env,
    LOG_LEVEL: "warn",
    COMMUNS_DATA_DIR: path.join(dir, "data"),
    DATABASE_URL: "",
  };
  const chunks: Record<string, string[]> = JSON.parse(
    fs.readFileSync(path.join(ROOT, "dist/build.json"), "utf8"),
  ).chunks;

  /** Runs `communs …` and returns every module it loaded (paths, or URLs for `node:` modules). */
  async function loaded(args: string[]): Promise<string[]> {
    const record = path.join(dir, `imports-${args.join("-")}.txt`);
    await run(process.execPath, ["--import", RECORDER, BIN, ...args], {
      env: { ...env, RECORD_IMPORTS: record },
    });
    return [
      ...new Set(
        fs
          .readFileSync(record, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => (line.startsWith("file:") ? fileURLToPath(line) : line)),
      ),
    ];
  }

  /** The source files held by the files of dist/ a process loaded. */
  function sourcesIn(files: string[]): string[] {
    return files
      .filter((file) => file.startsWith(path.join(ROOT, "dist/")))
      .flatMap((file) => {
        const inputs = chunks[path.relative(path.join(ROOT, "dist"), file)];
        assert.ok(inputs, `${file} is part of the build`);
        return inputs;
      });
  }

  before(async () => {
    const communs = (args: string[]) => run(process.execPath, [BIN, ...args], { env });
    await communs([
      "user",
      "create",
      "--email",
      "op@exemple.test",
      "--name",
      "Op",
      "--password",
      "un mot de passe solide",
      "--admin",
    ]);
    await communs([
      "space",
      "create",
      "--kind",
      "assembly",
      "--name",
      "Assemblée",
      "--slug",
      "assemblee",
      "--territory",
      "Vallée",
    ]);
    await communs([
      "space",
      "create",
      "--kind",
      "chamber",
      "--name",
      "Chambre",
      "--slug",
      "chambre",
      "--theme",
      "argent",
      "--assembly",
      "assemblee",
    ]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("answers --help from the command table alone, with no TypeScript compiler", async () => {
    const files = await loaded(["--help"]);
    assert.deepEqual(
      files.filter((file) => COMPILER.test(file)),
      [],
    );
    assert.deepEqual([...new Set(sourcesIn(files))].sort(), [
      "src/cli/command.ts",
      "src/config.ts",
      "src/main.ts",
    ]);
  });

  it("finds only its own commands in the table", async () => {
    for (const name of ["constructor", "toString", "__proto__"])
      await assert.rejects(
        run(process.execPath, [BIN, name], { env }),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 2);
          assert.match(error.stderr, new RegExp(`^Commande inconnue : ${name}\\n`));
          return true;
        },
      );
  });

  it("writes a FEC without the web application or a TypeScript compiler", async () => {
    const files = await loaded([
      "ledger",
      "fec",
      "--space",
      "chambre",
      "--year",
      "2025",
      "--siren",
      "443061841",
    ]);
    assert.deepEqual(
      files.filter((file) => COMPILER.test(file)),
      [],
    );
    const sources = sourcesIn(files);
    assert.ok(sources.includes("src/cli/ledger.ts"));
    assert.deepEqual(
      sources.filter((file) => WEB.test(file)),
      [],
    );
    // Only the ledger's service and what it needs are loaded, not the directory, accounts, donations or
    // claims (every module's message catalogue is, as data: src/messages.ts registers them up front).
    const code = sources.filter(
      (file) => file.startsWith("src/modules/") && !/\/messages[^/]*\.ts$/.test(file),
    );
    assert.deepEqual([...new Set(code.map((file) => file.split("/")[2]))].sort(), [
      "audit",
      "ledger",
      "spaces",
    ]);
  });

  it("serves its stylesheet, scripts and vendor files when started from another directory", async () => {
    const record = path.join(dir, "imports-serve.txt");
    const server = spawn(process.execPath, ["--import", RECORDER, BIN, "serve"], {
      cwd: os.tmpdir(),
      env: { ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", RECORD_IMPORTS: record },
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        server.on("exit", () => reject(new Error(`server exited: ${output}`)));
      });
      for (const asset of [
        "/assets/style.css",
        "/assets/map.js",
        "/assets/vendor/leaflet/leaflet.js",
        "/assets/vendor/markercluster/leaflet.markercluster.js",
      ]) {
        const response = await fetch(url + asset);
        assert.equal(response.status, 200, asset);
        assert.ok((await response.text()).length > 100, asset);
      }
      const files = fs.readFileSync(record, "utf8").split("\n");
      assert.deepEqual(
        files.filter((file) => COMPILER.test(file)),
        [],
      );
    } finally {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("refuses a dist/ older than its sources, or missing, and says what to do", () => {
    // A copy of the package, built, then one source touched: the repository's own dist/ stays as it is.
    const copy = path.join(dir, "package");
    for (const part of ["bin", "scripts", "src", "package.json", "tsconfig.json"])
      fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: copy, env, encoding: "utf8" });
    assert.equal(node(["scripts/build.js"]).status, 0);
    const help = node(["bin/communs.js", "--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Utilisation : communs/);

    // Copied again, every file is newer than dist/ but the same: it runs.
    const touched = path.join(copy, "src/cli/command.ts");
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(touched, later, later);
    assert.equal(node(["bin/communs.js", "--help"]).status, 0);

    fs.appendFileSync(touched, "\n// edited\n");
    const stale = node(["bin/communs.js", "--help"]);
    assert.equal(stale.status, 1);
    assert.equal(stale.stdout, "");
    assert.match(stale.stderr, /plus ancien que src\/cli\/command\.ts\. Lancez « npm run build »/);

    fs.rmSync(path.join(copy, "dist"), { recursive: true });
    const missing = node(["bin/communs.js", "--help"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /le code compilé \(dist\/\) manque\. Lancez « npm run build »/);
  });
});
