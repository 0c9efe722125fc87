/**
 * Final stage for writes (ZooKeeper's FinalRequestProcessor after processTxn): turn the result
 * of applying a txn into the reply frame. Multi replies are a sequence of
 * MultiHeader { int type; boolean done; int err } + per-op body, ended by {-1, true, -1}.
 */
import { Create2Response, CreateResponse, ErrorResponse, MultiHeader, SetACLResponse, SetDataResponse } from "../jute/records.js";
import { OpCode } from "../jute/op-codes.js";
import type { TxnResult } from "../data-tree.js";
import { encodeReply, encodeReplyWith } from "./request.js";

export function writeReply(reqType: number, xid: number, zxid: number, res: TxnResult): Buffer {
  if (res.type === OpCode.error || res.err !== 0) return encodeReply(xid, zxid, res.err);
  switch (reqType) {
    case OpCode.create:
      return encodeReply(xid, zxid, 0, CreateResponse, { path: res.path ?? "" });
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return encodeReply(xid, zxid, 0, Create2Response, { path: res.path ?? "", stat: res.stat! });
    case OpCode.setData:
      return encodeReply(xid, zxid, 0, SetDataResponse, { stat: res.stat! });
    case OpCode.setACL:
      return encodeReply(xid, zxid, 0, SetACLResponse, { stat: res.stat! });
    case OpCode.multi:
      return encodeReplyWith(xid, zxid, 0, (w) => {
        for (const r of res.multi ?? []) {
          if (r.type === OpCode.error) {
            MultiHeader.write(w, { type: OpCode.error, done: false, err: r.err });
            ErrorResponse.write(w, { err: r.err });
            continue;
          }
          switch (r.type) {
            case OpCode.create:
              MultiHeader.write(w, { type: OpCode.create, done: false, err: 0 });
              CreateResponse.write(w, { path: r.path ?? "" });
              break;
            case OpCode.create2:
            case OpCode.createContainer:
            case OpCode.createTTL:
              MultiHeader.write(w, { type: OpCode.create2, done: false, err: 0 });
              Create2Response.write(w, { path: r.path ?? "", stat: r.stat! });
              break;
            case OpCode.setData:
              MultiHeader.write(w, { type: OpCode.setData, done: false, err: 0 });
              SetDataResponse.write(w, { stat: r.stat! });
              break;
            case OpCode.deleteContainer:
              MultiHeader.write(w, { type: OpCode.delete, done: false, err: 0 });
              break;
            default:
              MultiHeader.write(w, { type: r.type, done: false, err: 0 });
          }
        }
        MultiHeader.write(w, { type: -1, done: true, err: -1 });
      });
    default:
      return encodeReply(xid, zxid, 0);
  }
}
