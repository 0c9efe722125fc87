/**
 * DescribeLogDirs (35), v0-4: per log dir of this broker, the partitions whose current log lives
 * there (size in bytes = sum of segment sizes, offsetLag = log end offset - high watermark),
 * and from v4 the volume's total and usable bytes. `topics: null` = every partition hosted here.
 */
import { statfsSync } from "node:fs";
import { resolve } from "node:path";
import type { DescribeLogDirsRequest, DescribeLogDirsResponse, DescribeLogDirsResult } from "../protocol/schemas/describe-log-dirs.js";
import { defineHandler } from "./handler.js";

function volume(dir: string): { totalBytes: bigint; usableBytes: bigint } {
  try {
    const s = statfsSync(dir);
    return { totalBytes: BigInt(s.blocks) * BigInt(s.bsize), usableBytes: BigInt(s.bavail) * BigInt(s.bsize) };
  } catch {
    return { totalBytes: -1n, usableBytes: -1n };
  }
}

export const describeLogDirsHandler = defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>({
  apiKey: 35,
  minVersion: 0,
  maxVersion: 4,
  handle(req, ctx) {
    const b = ctx.broker;
    const wanted: { topic: string; partitions: number[] }[] = req.topics
      ?? [...b.metadata.topics.values()].map((t) => ({ topic: t.name, partitions: [...t.partitions.keys()] }));
    const dirs = new Map<string, DescribeLogDirsResult>();
    for (const d of b.config.logDirs) {
      const dir = resolve(d);
      dirs.set(dir, { errorCode: 0, logDir: dir, topics: [], ...(ctx.version >= 4 ? volume(dir) : { totalBytes: -1n, usableBytes: -1n }) });
    }
    for (const w of wanted) {
      for (const p of [...w.partitions].sort((x, y) => x - y)) {
        const part = b.replicaManager.getPartition(w.topic, p);
        if (!part) continue;
        const res = dirs.get(resolve(part.log.dir, ".."));
        if (!res) continue;
        let t = res.topics.find((x) => x.name === w.topic);
        if (!t) {
          t = { name: w.topic, partitions: [] };
          res.topics.push(t);
        }
        t.partitions.push({ partitionIndex: p, partitionSize: BigInt(part.log.size()), offsetLag: part.log.logEndOffset - part.log.highWatermark, isFutureKey: false });
      }
    }
    return { throttleTimeMs: 0, errorCode: 0, results: [...dirs.values()] };
  },
  errorResponse: (_req, errorCode) => ({ throttleTimeMs: 0, errorCode, results: [] }),
});
