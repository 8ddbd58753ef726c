// Preloaded by bench/startup.ts in every process it measures (`node --require`): writes the process's
// peak resident memory (KiB) to BENCH_PEAK_FILE when it exits, however short its life.
const { writeFileSync } = require("node:fs");

process.on("exit", () => writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS)));
