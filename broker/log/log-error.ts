/**
 * Errors thrown by the log layer: a KafkaError (broker/protocol/errors.ts) restricted to the
 * codes the log produces, so handlers map it to the wire like any other (`toErrorCode(e)` /
 * `e.code`).
 */
import { KafkaError } from "../protocol/errors.js";

export type LogErrorName =
  | "OFFSET_OUT_OF_RANGE" | "CORRUPT_MESSAGE" | "MESSAGE_TOO_LARGE" | "RECORD_LIST_TOO_LARGE" | "INVALID_TIMESTAMP"
  | "INVALID_CONFIG" | "INVALID_REQUEST" | "UNSUPPORTED_FOR_MESSAGE_FORMAT" | "OUT_OF_ORDER_SEQUENCE_NUMBER"
  | "DUPLICATE_SEQUENCE_NUMBER" | "INVALID_PRODUCER_EPOCH" | "KAFKA_STORAGE_ERROR" | "UNKNOWN_PRODUCER_ID" | "INVALID_RECORD";

export class LogError extends KafkaError {
  constructor(errorName: LogErrorName, message: string) {
    super(errorName, message);
  }
}
