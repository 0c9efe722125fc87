/**
 * Process and Node.js runtime metrics under the names the Prometheus client libraries use
 * (process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds, ...;
 * nodejs_heap_size_used_bytes, nodejs_eventloop_lag_seconds, ...). Read at scrape time only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { gauge, counter, labels, type MetricFamily } from "./exposition.js";

const startTimeSeconds = Math.round((Date.now() - process.uptime() * 1000) / 1000);
let loopDelay: ReturnType<typeof monitorEventLoopDelay> | undefined;

function fds(): { open: number; max: number } {
  let open = -1;
  let max = -1;
  try { open = readdirSync("/proc/self/fd").length; } catch { /* not Linux */ }
  try {
    const m = /Max open files\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"));
    if (m) max = Number(m[1]);
  } catch { /* not Linux */ }
  return { open, max };
}

export function processMetrics(): MetricFamily[] {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
  }
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const f = fds();
  const user = cpu.user / 1e6;
  const system = cpu.system / 1e6;
  const out: MetricFamily[] = [
    counter("process_cpu_user_seconds_total", "Total user CPU time spent in seconds.", user),
    counter("process_cpu_system_seconds_total", "Total system CPU time spent in seconds.", system),
    counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", user + system),
    gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", startTimeSeconds),
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", mem.rss),
  ];
  if (f.open >= 0) out.push(gauge("process_open_fds", "Number of open file descriptors.", f.open));
  if (f.max >= 0) out.push(gauge("process_max_fds", "Maximum number of open file descriptors.", f.max));
  out.push(
    gauge("nodejs_heap_size_total_bytes", "Process heap size from Node.js in bytes.", mem.heapTotal),
    gauge("nodejs_heap_size_used_bytes", "Process heap size used from Node.js in bytes.", mem.heapUsed),
    gauge("nodejs_external_memory_bytes", "Node.js external memory size in bytes.", mem.external),
    { name: "nodejs_eventloop_lag_seconds", help: "Event loop delay in seconds (since the previous scrape).", type: "summary", samples: [
      ...[0.5, 0.9, 0.99].map((q) => ({ labels: labels({ quantile: q }), value: loopDelay!.count > 0 ? loopDelay!.percentile(q * 100) / 1e9 : NaN })),
      { suffix: "_sum", labels: "", value: loopDelay.count > 0 ? (loopDelay.mean * loopDelay.count) / 1e9 : 0 },
      { suffix: "_count", labels: "", value: loopDelay.count },
    ] },
    gauge("nodejs_version_info", "Node.js version info.", 1, labels({ version: process.version })),
  );
  loopDelay.reset();
  return out;
}
