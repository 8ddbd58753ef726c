import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function ledgerVerify({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["ledger"], async ({ ledger }) => {
    const problems = await ledger.verify(required(values, "space"));
    if (problems.length === 0) {
      process.stdout.write(
        "Grand livre vérifié : soldes recalculés identiques, chaîne de hachage intacte.\n",
      );
      return;
    }
    process.stdout.write(`Grand livre NON conforme :\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exitCode = 1;
  });
}

export function ledgerFec({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["ledger"], async ({ ledger }) => {
    const space = await ledger.chamber(required(values, "space"));
    const fec = ledger.fec(space, {
      year: Number(required(values, "year")),
      siren: required(values, "siren"),
    });
    if (!values.out) {
      await fec.write(process.stdout);
      return;
    }
    const target = path.join(values.out, fec.fileName);
    const file = createWriteStream(`${target}.part`, { flags: "wx" });
    const summary = await fec.write(file);
    file.end();
    await finished(file);
    // Never a half-written FEC under its legal name.
    await rename(`${target}.part`, target);
    process.stderr.write(`FEC écrit : ${target} (${summary.entries} écritures, ${summary.lines} lignes)\n`);
  });
}

export function ledgerClose({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["ledger"], async ({ ledger }) => {
    const year = Number(required(values, "year"));
    const { entries } = await ledger.closeYear(required(values, "space"), year);
    process.stdout.write(
      `Exercice ${year} clos : ${entries} écriture(s) de clôture vers le compte 120 ; plus aucun mouvement daté de ${year}.\n`,
    );
  });
}
