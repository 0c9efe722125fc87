/**
 * The four compression codecs of RecordBatch v2 (attributes bits 0-2), byte-compatible with
 * what Apache Kafka's Java clients and librdkafka write and read:
 *
 *   1 gzip    RFC 1952 gzip stream (node zlib)
 *   2 snappy  Java writes xerial snappy-java framing:
 *               magic 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00, int32 version = 1, int32 compatible = 1,
 *               then blocks of: int32 compressed length, raw snappy block (≤ 32 KiB uncompressed)
 *             librdkafka may write one raw snappy block; we read both, we write xerial framing
 *   3 lz4     LZ4 frame format (magic 0x184D2204), independent blocks (KafkaLZ4BlockOutputStream)
 *   4 zstd    zstd frame (content size may be absent: Java uses a streaming compressor)
 *
 * zstd is a WASM module that loads asynchronously (~20 ms): this module awaits it at import
 * (top-level await), so the Sync functions handle all four codecs; if the WASM fails to load,
 * zstd alone raises an error.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from "snappy";
import { compressFrameSync, decompressFrameSync } from "lz4-napi";
import { createRequire } from "node:module";
import { KafkaError } from "./errors.js";

export const CODEC_NONE = 0;
export const CODEC_GZIP = 1;
export const CODEC_SNAPPY = 2;
export const CODEC_LZ4 = 3;
export const CODEC_ZSTD = 4;

const CODEC_NAMES = ["none", "gzip", "snappy", "lz4", "zstd"] as const;
export type CodecName = (typeof CODEC_NAMES)[number];

/** "gzip" → 1 (also accepts "producer" style names case-insensitively); undefined if unknown. */
export function codecByName(name: string): number | undefined {
  const i = CODEC_NAMES.indexOf(name.toLowerCase() as CodecName);
  return i < 0 ? undefined : i;
}
export function codecName(codec: number): string {
  return CODEC_NAMES[codec] ?? `unknown(${codec})`;
}

// ---- snappy (xerial framing) ----

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = 16;
const XERIAL_BLOCK = 32 * 1024;

function isXerial(b: Buffer): boolean {
  return b.length >= XERIAL_HEADER && b.subarray(0, 8).equals(XERIAL_MAGIC);
}

function snappyFramed(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(XERIAL_HEADER);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  parts.push(header);
  for (let off = 0; off < data.length || off === 0; off += XERIAL_BLOCK) {
    const block = snappyCompress(data.subarray(off, Math.min(data.length, off + XERIAL_BLOCK)));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

function snappyUnframe(data: Buffer): Buffer {
  if (!isXerial(data)) return toBuffer(snappyUncompress(data));
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER;
  while (pos + 4 <= data.length) {
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) throw new KafkaError("CORRUPT_MESSAGE", "Truncated xerial snappy block");
    parts.push(toBuffer(snappyUncompress(data.subarray(pos, pos + len))));
    pos += len;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function toBuffer(v: string | Buffer): Buffer {
  return typeof v === "string" ? Buffer.from(v) : v;
}

// ---- zstd (WASM, lazy) ----

interface ZstdStreaming {
  compress(data: Uint8Array, level?: number): Uint8Array | null;
  decompress(data: Uint8Array, sizeHint?: number): Uint8Array | null;
}
interface ZstdModule { Streaming: new () => ZstdStreaming }
interface ZstdCodecLib { ZstdCodec: { run(cb: (z: ZstdModule) => void): void } }

let zstd: ZstdStreaming | undefined;
let zstdLoading: Promise<void> | undefined;

/** Load the zstd WASM codec (once). */
export function loadZstd(): Promise<void> {
  if (zstd) return Promise.resolve();
  zstdLoading ??= new Promise<void>((resolve, reject) => {
    try {
      const req = createRequire(import.meta.url);
      const lib = req("zstd-codec") as ZstdCodecLib;
      lib.ZstdCodec.run((z) => {
        zstd = new z.Streaming();
        resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
  return zstdLoading;
}

try {
  await loadZstd();
} catch {
  // zstd stays unavailable; needZstd() reports it
}

function needZstd(): ZstdStreaming {
  if (!zstd) throw new Error("zstd codec not loaded: await loadZstd() first (or use the async functions)");
  return zstd;
}

// ---- public ----

export function compressSync(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case CODEC_NONE: return data;
    case CODEC_GZIP: return gzipSync(data);
    case CODEC_SNAPPY: return snappyFramed(data);
    case CODEC_LZ4: return compressFrameSync(data);
    case CODEC_ZSTD: {
      const out = needZstd().compress(data, 3);
      if (!out) throw new Error("zstd compression failed");
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
    default: throw new KafkaError("UNSUPPORTED_COMPRESSION_TYPE", `Unknown compression type ${codec}`);
  }
}

export function decompressSync(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case CODEC_NONE: return data;
      case CODEC_GZIP: return gunzipSync(data);
      case CODEC_SNAPPY: return snappyUnframe(data);
      case CODEC_LZ4: return decompressFrameSync(data);
      case CODEC_ZSTD: {
        const out = needZstd().decompress(data);
        if (!out) throw new Error("zstd decompression failed");
        return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
      }
      default: throw new KafkaError("UNSUPPORTED_COMPRESSION_TYPE", `Unknown compression type ${codec}`);
    }
  } catch (err) {
    if (err instanceof KafkaError || (err instanceof Error && err.message.startsWith("zstd codec not loaded"))) throw err;
    throw new KafkaError("CORRUPT_MESSAGE", `Failed to decompress ${codecName(codec)} data: ${(err as Error).message}`);
  }
}

export async function compress(codec: number, data: Buffer): Promise<Buffer> {
  if (codec === CODEC_ZSTD) await loadZstd();
  return compressSync(codec, data);
}

export async function decompress(codec: number, data: Buffer): Promise<Buffer> {
  if (codec === CODEC_ZSTD) await loadZstd();
  return decompressSync(codec, data);
}
