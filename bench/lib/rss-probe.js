// Fallback probe, used by bench/run.js only when GNU time (/usr/bin/time) is
// not installed: preloaded with `node --import`, it writes this process's peak
// resident set size (KiB) and CPU time (microseconds) to the file named by
// HOLDFAST_BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const target = process.env.HOLDFAST_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    try {
      writeFileSync(
        target,
        JSON.stringify({ maxRSS: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }),
      );
    } catch {
      // Nothing useful to do: the parent reports the memory as unknown.
    }
  });
}
