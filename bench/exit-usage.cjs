// Preloaded by bench/startup.ts in every process it measures (`node --require`): writes the process's
// peak resident memory (KiB) and CPU time (µs, user and system) to BENCH_USAGE_FILE when it exits, however
// short its life.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ maxRSS, cpu: userCPUTime + systemCPUTime }));
});
