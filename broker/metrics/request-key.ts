/**
 * Which request-metrics bucket a request frame counts in: its API key, except that a Fetch also
 * counts as FetchConsumer or FetchFollower (by its replica_id), as Kafka's RequestMetrics do.
 *
 * Reads only fixed offsets of the frame (no decode): api_key int16 @0, api_version int16 @2,
 * correlation_id int32 @4, client_id int16 length @8 + bytes; Fetch v12+ (flexible) then a
 * tagged-field count (0 → one byte); Fetch v0-14 bodies start with replica_id int32.
 */
import { readRequestHeader } from "../protocol/codec.js";

export const FETCH_CONSUMER = 128;
export const FETCH_FOLLOWER = 129;

export function requestMetricKey(frame: Buffer): number {
  if (frame.length < 4) return -1;
  const apiKey = frame.readInt16BE(0);
  if (apiKey !== 1) return apiKey;
  try {
    const version = frame.readInt16BE(2);
    if (version > 14) return apiKey; // replica_id moved into the tagged ReplicaState
    const idLen = frame.readInt16BE(8);
    let pos = 10 + Math.max(0, idLen);
    if (version >= 12) pos = frame[pos] === 0 ? pos + 1 : readRequestHeader(frame).bodyOffset;
    return frame.readInt32BE(pos) >= 0 ? FETCH_FOLLOWER : FETCH_CONSUMER;
  } catch {
    return apiKey; // malformed: the dispatcher will say so
  }
}
