// The meeting pad parser (src/core/pad.ts) on 1 MB of pad: the seed page (test/fixtures/seed) over and
// over, each copy with its own times, parsed RUNS times after a few parses not counted. Next to it, the
// floor measured in the same run: the same text split into lines and one simple pattern tried on each.
// Printed: median milliseconds a parse (min–max), megabytes a second, and the ratio to the floor.
// Figures are printed, never asserted. `node --import tsx bench/pad.ts` (BENCH_PAD_RUNS=… to change RUNS).
import { readFileSync } from "node:fs";
import os from "node:os";
import { parsePad } from "../src/core/pad.ts";

const RUNS = Number(process.env.BENCH_PAD_RUNS || 20);
const WARMUP = 3;
const TARGET_BYTES = 1024 * 1024;
const SEED = readFileSync(new URL("../test/fixtures/seed/000_84a1da536792cae5.txt", import.meta.url), "utf8");

/** The seed page again and again, each copy's times moved by a few minutes, up to `bytes`. */
function padOf(bytes: number): string {
  const copies: string[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy++) {
    const text = SEED.replace(/^(\d{1,2})h(\d{2})/gm, (_, hours: string, minutes: string) => {
      const at = (Number(hours) * 60 + Number(minutes) + copy * 7) % (24 * 60);
      return `${Math.floor(at / 60)}h${String(at % 60).padStart(2, "0")}`;
    });
    copies.push(text);
    size += Buffer.byteLength(text) + 3;
  }
  return copies.join("\n\n\n");
}

/** The floor: lines, and one pattern on each (what any line reader does at the least). */
function floor(text: string): number {
  let times = 0;
  for (const line of text.split(/\r\n?|\n/)) if (/^\s*(\d{1,2}) ?h ?(\d{2})?/.test(line)) times++;
  return times;
}

function measure(run: () => unknown): number[] {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const spread = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(row(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(row(line));
}

const pad = padOf(TARGET_BYTES);
const megabytes = Buffer.byteLength(pad) / (1024 * 1024);
const draft = parsePad(pad);
const floorTimes = measure(() => floor(pad));
const parseTimes = measure(() => parsePad(pad));
const floorMs = median(floorTimes);

console.log(
  `\nMeeting pad parser, ${megabytes.toFixed(2)} MB of pad (${pad.split("\n").length} lines), median of ${RUNS} runs (min–max), ${os.cpus().length} CPU(s), load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
);
console.log(
  `read: ${draft.agenda.length} themes, ${draft.attendees.length} attendees, ${draft.entries.length} entries, ${draft.workshops.length} workshops, ${draft.actions.length} actions\n`,
);
table(
  ["", "ms a parse", "min–max", "MB/s", "× floor"],
  [
    [
      "floor (lines + one pattern)",
      floorMs.toFixed(1),
      spread(floorTimes),
      (megabytes / (floorMs / 1000)).toFixed(0),
      "1.00",
    ],
    [
      "parsePad",
      median(parseTimes).toFixed(1),
      spread(parseTimes),
      (megabytes / (median(parseTimes) / 1000)).toFixed(0),
      (median(parseTimes) / floorMs).toFixed(2),
    ],
  ],
);
