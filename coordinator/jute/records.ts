/**
 * Every jute record the coordinator speaks or stores, described once as data, field for field
 * as in ZooKeeper 3.8's zookeeper.jute (wire: org.apache.zookeeper.proto; tree: .data;
 * txn log: .txn). The codec in codec.ts interprets these definitions.
 */
import { record, vector } from "./codec.js";

// org.apache.zookeeper.data
export const Id = record("Id", [["scheme", "ustring"], ["id", "ustring"]]);
export const ACL = record("ACL", [["perms", "int"], ["id", Id]]);
export const Stat = record("Stat", [
  ["czxid", "long"], ["mzxid", "long"], ["ctime", "long"], ["mtime", "long"],
  ["version", "int"], ["cversion", "int"], ["aversion", "int"], ["ephemeralOwner", "long"],
  ["dataLength", "int"], ["numChildren", "int"], ["pzxid", "long"],
]);
export const StatPersisted = record("StatPersisted", [
  ["czxid", "long"], ["mzxid", "long"], ["ctime", "long"], ["mtime", "long"],
  ["version", "int"], ["cversion", "int"], ["aversion", "int"], ["ephemeralOwner", "long"], ["pzxid", "long"],
]);

// org.apache.zookeeper.proto: session establishment (readOnly is an optional trailing boolean)
export const ConnectRequest = record("ConnectRequest", [
  ["protocolVersion", "int"], ["lastZxidSeen", "long"], ["timeOut", "int"], ["sessionId", "long"], ["passwd", "buffer"],
]);
export const ConnectResponse = record("ConnectResponse", [
  ["protocolVersion", "int"], ["timeOut", "int"], ["sessionId", "long"], ["passwd", "buffer"],
]);
export const SetWatches = record("SetWatches", [
  ["relativeZxid", "long"], ["dataWatches", vector("ustring")], ["existWatches", vector("ustring")], ["childWatches", vector("ustring")],
]);
export const SetWatches2 = record("SetWatches2", [
  ["relativeZxid", "long"], ["dataWatches", vector("ustring")], ["existWatches", vector("ustring")], ["childWatches", vector("ustring")],
  ["persistentWatches", vector("ustring")], ["persistentRecursiveWatches", vector("ustring")],
]);
export const RequestHeader = record("RequestHeader", [["xid", "int"], ["type", "int"]]);
export const MultiHeader = record("MultiHeader", [["type", "int"], ["done", "boolean"], ["err", "int"]]);
export const AuthPacket = record("AuthPacket", [["type", "int"], ["scheme", "ustring"], ["auth", "buffer"]]);
export const ReplyHeader = record("ReplyHeader", [["xid", "int"], ["zxid", "long"], ["err", "int"]]);

export const GetDataRequest = record("GetDataRequest", [["path", "ustring"], ["watch", "boolean"]]);
export const GetDataResponse = record("GetDataResponse", [["data", "buffer"], ["stat", Stat]]);
export const SetDataRequest = record("SetDataRequest", [["path", "ustring"], ["data", "buffer"], ["version", "int"]]);
export const SetDataResponse = record("SetDataResponse", [["stat", Stat]]);
export const CreateRequest = record("CreateRequest", [["path", "ustring"], ["data", "buffer"], ["acl", vector(ACL)], ["flags", "int"]]);
export const CreateTTLRequest = record("CreateTTLRequest", [
  ["path", "ustring"], ["data", "buffer"], ["acl", vector(ACL)], ["flags", "int"], ["ttl", "long"],
]);
export const CreateResponse = record("CreateResponse", [["path", "ustring"]]);
export const Create2Response = record("Create2Response", [["path", "ustring"], ["stat", Stat]]);
export const DeleteRequest = record("DeleteRequest", [["path", "ustring"], ["version", "int"]]);
export const ExistsRequest = record("ExistsRequest", [["path", "ustring"], ["watch", "boolean"]]);
export const ExistsResponse = record("ExistsResponse", [["stat", Stat]]);
export const GetChildrenRequest = record("GetChildrenRequest", [["path", "ustring"], ["watch", "boolean"]]);
export const GetChildrenResponse = record("GetChildrenResponse", [["children", vector("ustring")]]);
export const GetChildren2Request = record("GetChildren2Request", [["path", "ustring"], ["watch", "boolean"]]);
export const GetChildren2Response = record("GetChildren2Response", [["children", vector("ustring")], ["stat", Stat]]);
export const GetAllChildrenNumberRequest = record("GetAllChildrenNumberRequest", [["path", "ustring"]]);
export const GetAllChildrenNumberResponse = record("GetAllChildrenNumberResponse", [["totalNumber", "int"]]);
export const CheckVersionRequest = record("CheckVersionRequest", [["path", "ustring"], ["version", "int"]]);
export const SyncRequest = record("SyncRequest", [["path", "ustring"]]);
export const SyncResponse = record("SyncResponse", [["path", "ustring"]]);
export const GetACLRequest = record("GetACLRequest", [["path", "ustring"]]);
export const GetACLResponse = record("GetACLResponse", [["acl", vector(ACL)], ["stat", Stat]]);
export const SetACLRequest = record("SetACLRequest", [["path", "ustring"], ["acl", vector(ACL)], ["version", "int"]]);
export const SetACLResponse = record("SetACLResponse", [["stat", Stat]]);
export const AddWatchRequest = record("AddWatchRequest", [["path", "ustring"], ["mode", "int"]]);
export const WatcherEvent = record("WatcherEvent", [["type", "int"], ["state", "int"], ["path", "ustring"]]);
export const ErrorResponse = record("ErrorResponse", [["err", "int"]]);
export const CheckWatchesRequest = record("CheckWatchesRequest", [["path", "ustring"], ["type", "int"]]);
export const RemoveWatchesRequest = record("RemoveWatchesRequest", [["path", "ustring"], ["type", "int"]]);
export const GetEphemeralsRequest = record("GetEphemeralsRequest", [["prefixPath", "ustring"]]);
export const GetEphemeralsResponse = record("GetEphemeralsResponse", [["ephemerals", vector("ustring")]]);

// org.apache.zookeeper.txn: what the txn log stores (TxnHeader + one of these)
export const TxnHeader = record("TxnHeader", [["clientId", "long"], ["cxid", "int"], ["zxid", "long"], ["time", "long"], ["type", "int"]]);
export const CreateTxn = record("CreateTxn", [
  ["path", "ustring"], ["data", "buffer"], ["acl", vector(ACL)], ["ephemeral", "boolean"], ["parentCVersion", "int"],
]);
export const CreateContainerTxn = record("CreateContainerTxn", [
  ["path", "ustring"], ["data", "buffer"], ["acl", vector(ACL)], ["parentCVersion", "int"],
]);
export const CreateTTLTxn = record("CreateTTLTxn", [
  ["path", "ustring"], ["data", "buffer"], ["acl", vector(ACL)], ["parentCVersion", "int"], ["ttl", "long"],
]);
export const DeleteTxn = record("DeleteTxn", [["path", "ustring"]]);
export const SetDataTxn = record("SetDataTxn", [["path", "ustring"], ["data", "buffer"], ["version", "int"]]);
export const CheckVersionTxn = record("CheckVersionTxn", [["path", "ustring"], ["version", "int"]]);
export const SetACLTxn = record("SetACLTxn", [["path", "ustring"], ["acl", vector(ACL)], ["version", "int"]]);
export const CreateSessionTxn = record("CreateSessionTxn", [["timeOut", "int"]]);
export const CloseSessionTxn = record("CloseSessionTxn", [["paths2Delete", vector("ustring")]]);
export const ErrorTxn = record("ErrorTxn", [["err", "int"]]);
export const Txn = record("Txn", [["type", "int"], ["data", "buffer"]]);
export const MultiTxn = record("MultiTxn", [["txns", vector(Txn)]]);

// snapshot body pieces (FileSnap / DataTree.serialize / SerializeUtils.serializeSnapshot)
export const SnapSession = record("SnapSession", [["id", "long"], ["timeout", "int"]]);
export const SnapAclEntry = record("SnapAclEntry", [["index", "long"], ["acls", vector(ACL)]]);
export const SnapNodeData = record("DataNode", [["data", "buffer"], ["acl", "long"], ["stat", StatPersisted]]);
