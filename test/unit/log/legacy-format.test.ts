import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { crc32 } from "@node-rs/crc32";
import { Log } from "../../../broker/log/log.js";
import { buildLegacyMessageSet, downConvert } from "../../../broker/log/legacy-format.js";
import type { LogError } from "../../../broker/log/log-error.js";
import { decodeRecords } from "../../../broker/protocol/record-set.js";
import { CODEC_GZIP, CODEC_SNAPPY } from "../../../broker/protocol/compression.js";
import { iterateBatches } from "../../../broker/protocol/records.js";
import { batch, config, removeTempDirs, tempDir } from "./helpers.js";

afterAll(() => removeTempDirs());

const b = (s: string) => Buffer.from(s);

describe("legacy message formats (Produce v0-2 / Fetch v0-3)", () => {
  it("up-converts magic 0 and 1 message sets, plain and compressed, into v2 batches", () => {
    const log = Log.open(join(tempDir(), "l-0"), "l", 0, config());
    log.append(buildLegacyMessageSet(0, [{ key: b("k"), value: b("v0-a") }, { key: null, value: b("v0-b") }]), 0);
    log.append(buildLegacyMessageSet(1, [{ key: null, value: b("v1-a"), timestamp: 1000n }, { key: b("x"), value: null, timestamp: 2000n }]), 0);
    const r = log.append(buildLegacyMessageSet(1, [{ key: null, value: b("gz-a"), timestamp: 3000n }, { key: null, value: b("gz-b"), timestamp: 3001n }], CODEC_GZIP), 0);
    expect(r.baseOffset).toBe(4n);
    log.append(buildLegacyMessageSet(1, [{ key: null, value: b("sn"), timestamp: 4000n }], CODEC_SNAPPY), 0);
    const recs = log.read(0n, 1 << 20).records;
    const hs = [...iterateBatches(recs)];
    expect(hs.map((h) => h.magic)).toEqual([2, 2, 2, 2]);
    expect(hs.map((h) => h.attributes & 7)).toEqual([0, 0, CODEC_GZIP, CODEC_SNAPPY]);
    expect(decodeRecords(recs).map((x) => `${x.offset}:${x.timestamp}:${x.key?.toString() ?? "null"}:${x.value?.toString() ?? "null"}`)).toEqual([
      "0:-1:k:v0-a", "1:-1:null:v0-b", "2:1000:null:v1-a", "3:2000:x:null", "4:3000:null:gz-a", "5:3001:null:gz-b", "6:4000:null:sn",
    ]);
    log.close();
  });

  it("rejects a legacy message with a bad CRC (CORRUPT_MESSAGE)", () => {
    const log = Log.open(join(tempDir(), "l-0"), "l", 0, config());
    const set = buildLegacyMessageSet(1, [{ key: null, value: b("hello"), timestamp: 1n }]);
    set[set.length - 1] ^= 1;
    let code = 0;
    try { log.append(set, 0); } catch (e) { code = (e as LogError).code; }
    expect(code).toBe(2);
    expect(log.logEndOffset).toBe(0n);
    log.close();
  });

  it("down-converts fetched v2 batches to magic 1 / magic 0 message sets with valid CRCs", () => {
    const log = Log.open(join(tempDir(), "l-0"), "l", 0, config());
    log.append(batch(["a", "b"], { timestamps: [10, 20] }), 0);
    log.append(batch(["c"], { timestamp: 30, compression: CODEC_GZIP }), 0);
    const v2 = log.read(0n, 1 << 20).records;
    for (const magic of [0, 1] as const) {
      const legacy = downConvert(v2, magic);
      const msgs: string[] = [];
      let p = 0;
      while (p < legacy.length) {
        const size = legacy.readInt32BE(p + 8);
        const body = legacy.subarray(p + 12, p + 12 + size);
        expect(body.readUInt32BE(0)).toBe(crc32(body.subarray(4)) >>> 0);
        expect(body.readInt8(4)).toBe(magic);
        const ts = magic === 1 ? body.readBigInt64BE(6) : -1n;
        const q = magic === 1 ? 14 : 6;
        const klen = body.readInt32BE(q);
        const vlen = body.readInt32BE(q + 4 + Math.max(klen, 0));
        const value = body.subarray(q + 8 + Math.max(klen, 0), q + 8 + Math.max(klen, 0) + vlen).toString();
        msgs.push(`${legacy.readBigInt64BE(p)}:${ts}:${value}`);
        p += 12 + size;
      }
      expect(msgs).toEqual(magic === 1 ? ["0:10:a", "1:20:b", "2:30:c"] : ["0:-1:a", "1:-1:b", "2:-1:c"]);
      // and it converts back losslessly (but for the v0 timestamps)
      const again = Log.open(join(tempDir(), "m-0"), "m", 0, config());
      again.append(legacy, 0);
      expect(decodeRecords(again.read(0n, 1 << 20).records).map((x) => x.value!.toString())).toEqual(["a", "b", "c"]);
      again.close();
    }
    log.close();
  });
});
