#!/usr/bin/env node
// Translates Apache Kafka's message definitions (clients/src/main/resources/common/message/*.json,
// the facts: fields, types, versions, nullability, tags, defaults) into our declarative schema
// table, one broker/protocol/schemas/<api>.ts per API, capped at the versions we serve, plus
// TypeScript interfaces for decoded bodies. Used to create the tables; they are plain data and can
// be edited by hand afterwards (re-running overwrites them).
//
//   node broker/protocol/translate-kafka-schemas.mjs <kafka>/clients/src/main/resources/common/message broker/protocol/schemas
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const SRC = process.argv[2];
const OUT = process.argv[3];
if (!SRC || !OUT) {
  console.error("usage: translate-kafka-schemas.mjs <kafka message json dir> <out dir>");
  process.exit(1);
}
const APIS = [
  // [Kafka API name, our file name, highest version we describe]
  ["Produce", "produce", 9],
  ["Fetch", "fetch", 12],
  ["ListOffsets", "list-offsets", 7],
  ["Metadata", "metadata", 12],
  ["LeaderAndIsr", "leader-and-isr", 6],
  ["StopReplica", "stop-replica", 3],
  ["UpdateMetadata", "update-metadata", 7],
  ["ControlledShutdown", "controlled-shutdown", 3],
  ["OffsetCommit", "offset-commit", 8],
  ["OffsetFetch", "offset-fetch", 8],
  ["FindCoordinator", "find-coordinator", 4],
  ["JoinGroup", "join-group", 9],
  ["Heartbeat", "heartbeat", 4],
  ["LeaveGroup", "leave-group", 5],
  ["SyncGroup", "sync-group", 5],
  ["DescribeGroups", "describe-groups", 5],
  ["ListGroups", "list-groups", 4],
  ["SaslHandshake", "sasl-handshake", 1],
  ["ApiVersions", "api-versions", 3],
  ["CreateTopics", "create-topics", 7],
  ["DeleteTopics", "delete-topics", 6],
  ["DeleteRecords", "delete-records", 2],
  ["InitProducerId", "init-producer-id", 4],
  ["OffsetForLeaderEpoch", "offset-for-leader-epoch", 4],
  ["AddPartitionsToTxn", "add-partitions-to-txn", 3],
  ["AddOffsetsToTxn", "add-offsets-to-txn", 3],
  ["EndTxn", "end-txn", 3],
  ["WriteTxnMarkers", "write-txn-markers", 1],
  ["TxnOffsetCommit", "txn-offset-commit", 3],
  ["DescribeConfigs", "describe-configs", 4],
  ["AlterConfigs", "alter-configs", 2],
  ["DescribeLogDirs", "describe-log-dirs", 4],
  ["SaslAuthenticate", "sasl-authenticate", 2],
  ["CreatePartitions", "create-partitions", 3],
  ["DeleteGroups", "delete-groups", 2],
  ["ElectLeaders", "elect-leaders", 2],
  ["IncrementalAlterConfigs", "incremental-alter-configs", 1],
  ["AlterPartitionReassignments", "alter-partition-reassignments", 0],
  ["ListPartitionReassignments", "list-partition-reassignments", 0],
  ["OffsetDelete", "offset-delete", 0],
  ["DescribeCluster", "describe-cluster", 0],
  ["DescribeProducers", "describe-producers", 0],
  // admin-tool APIs (kafka-acls.sh, kafka-configs.sh quotas/SCRAM, kafka-transactions.sh,
  // kafka-reassign-partitions.sh log dirs): tables only, served once a handler exists
  ["DescribeAcls", "describe-acls", 3],
  ["CreateAcls", "create-acls", 3],
  ["DeleteAcls", "delete-acls", 3],
  ["DescribeClientQuotas", "describe-client-quotas", 1],
  ["AlterClientQuotas", "alter-client-quotas", 1],
  ["DescribeUserScramCredentials", "describe-user-scram-credentials", 0],
  ["AlterUserScramCredentials", "alter-user-scram-credentials", 0],
  ["AlterReplicaLogDirs", "alter-replica-log-dirs", 2],
  ["ListTransactions", "list-transactions", 1],
  ["DescribeTransactions", "describe-transactions", 0],
];

function load(name) {
  const txt = readFileSync(`${SRC}/${name}.json`, "utf8")
    .split("\n").filter((l) => !/^\s*\/\//.test(l)).join("\n");
  return JSON.parse(txt);
}
function range(s) {
  if (s === undefined || s === "none") return null;
  if (s.endsWith("+")) return [Number(s.slice(0, -1)), Infinity];
  const [a, b] = s.split("-").map(Number);
  return [a, b ?? a];
}
function intersects(r, lo, hi) { return r && r[0] <= hi && r[1] >= lo; }
const camel = (s) => s[0].toLowerCase() + s.slice(1);
const PRIMS = new Set(["int8", "int16", "int32", "int64", "uint16", "uint32", "float64", "bool", "string", "bytes", "records", "uuid"]);

function defaultLiteral(type, d) {
  if (d === undefined) return undefined;
  const s = String(d).trim();
  switch (type) {
    case "int8": case "int16": case "int32": case "uint16": case "uint32": case "float64": {
      const n = s.startsWith("0x") ? parseInt(s, 16) : Number(s);
      return n === 0 ? undefined : String(n);
    }
    case "int64": { const n = BigInt(s); return n === 0n ? undefined : `${n}n`; }
    case "bool": return s === "true" ? "true" : undefined;
    case "string": return s === "null" ? "null" : s === "" ? undefined : JSON.stringify(s);
    default:
      if (s === "null") return "null";
      if (s === "") return undefined;
      throw new Error(`default ${s} for ${type}`);
  }
}

function tsPrim(t) {
  switch (t) {
    case "int8": case "int16": case "int32": case "uint16": case "uint32": case "float64": return "number";
    case "int64": return "bigint";
    case "bool": return "boolean";
    case "string": case "uuid": return "string";
    case "bytes": return "Buffer";
    case "records": return "Buffer";
  }
  throw new Error(t);
}

function gen(api, file, cap) {
  const req = load(`${api}Request`), resp = load(`${api}Response`);
  const reqR = range(req.validVersions);
  const lo = reqR[0], hi = Math.min(cap, reqR[1]);
  const ifaces = [];
  const usedNames = new Set();

  function conv(msg, fields, common, indent, ifaceName, about) {
    const lines = [];
    const props = [];
    for (const f of fields) {
      const vr = range(f.versions);
      if (!intersects(vr, lo, hi)) continue;
      const tr = range(f.taggedVersions);
      if (f.taggedVersions && !intersects(tr, lo, hi)) continue;
      const isArr = f.type.startsWith("[]");
      const base = isArr ? f.type.slice(2) : f.type;
      const name = camel(f.name);
      const parts = [`name: ${JSON.stringify(name)}`];
      let tsType;
      const nr = range(f.nullableVersions);
      const nullable = intersects(nr, lo, hi);
      let sub = null;
      if (PRIMS.has(base)) {
        parts.push(`type: "${isArr ? "[]" : ""}${base}"`);
        tsType = tsPrim(base) + (isArr ? "[]" : "");
      } else {
        parts.push(`type: "${isArr ? "[]" : ""}struct"`);
        let sfields = f.fields;
        if (!sfields) {
          const cs = (common || []).find((c) => c.name === base);
          if (!cs) throw new Error(`no struct ${base} in ${msg.name}`);
          sfields = cs.fields;
        }
        let sname = base;
        if (usedNames.has(sname)) sname = msg.name + base;
        if (usedNames.has(sname)) { let i = 2; while (usedNames.has(sname + i)) i++; sname = sname + i; }
        usedNames.add(sname);
        sub = conv(msg, sfields, common, indent + "  ", sname, f.about);
        tsType = sname + (isArr ? "[]" : "");
      }
      parts.push(`versions: "${f.versions}"`);
      if (nullable) { parts.push(`nullable: "${f.nullableVersions}"`); tsType += " | null"; }
      if (f.taggedVersions) parts.push(`tag: ${f.tag}`, `taggedVersions: "${f.taggedVersions}"`);
      if (PRIMS.has(base) && !isArr) {
        const d = defaultLiteral(base, f.default);
        if (d !== undefined) parts.push(`default: ${d}`);
      } else if (f.default !== undefined) {
        const d = defaultLiteral("array", f.default);
        if (d !== undefined) parts.push(`default: ${d}`);
      }
      if (f.ignorable) parts.push("ignorable: true");
      if (sub) lines.push(`${indent}{ ${parts.join(", ")}, fields: [\n${sub}\n${indent}] },`);
      else lines.push(`${indent}{ ${parts.join(", ")} },`);
      const doc = f.about ? `  /** ${f.about.replace(/\*\//g, "* /").replace(/\s+/g, " ").trim()}${vr ? ` (v${f.versions}${f.taggedVersions ? `, tagged ${f.tag}` : ""})` : ""} */\n` : "";
      props.push(`${doc}  ${name}: ${tsType};`);
    }
    ifaces.push(`${about ? `/** ${about.replace(/\s+/g, " ").trim()} */\n` : ""}export interface ${ifaceName} {\n${props.join("\n")}\n}`);
    return lines.join("\n");
  }

  function message(msg) {
    usedNames.add(msg.name);
    const body = conv(msg, msg.fields, msg.commonStructs, "      ", msg.name, undefined);
    const fx = range(msg.flexibleVersions);
    const flex = fx && fx[0] <= hi ? `${fx[0]}+` : "none";
    return `{\n    name: "${msg.name}",\n    versions: "${lo}-${hi}",\n    flexible: "${flex}",\n    fields: [\n${body}\n    ],\n  }`;
  }
  const reqS = message(req);
  const respS = message(resp);
  const varName = camel(api);
  const fx = range(req.flexibleVersions);
  const out = `/**
 * ${api} (API key ${req.apiKey}), versions ${lo}-${hi}${fx && fx[0] <= hi ? `, flexible from v${fx[0]}` : ", no flexible versions"}.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (${api}Request.json / ${api}Response.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v${hi} are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

${ifaces.join("\n\n")}

export const ${varName}: ApiSchema = {
  apiKey: ${req.apiKey},
  name: "${api}",
  request: ${reqS},
  response: ${respS},
};
`;
  writeFileSync(`${OUT}/${file}.ts`, out);
  return { varName, file, api, key: req.apiKey };
}

mkdirSync(OUT, { recursive: true });
const done = APIS.map(([a, f, c]) => gen(a, f, c));
done.sort((x, y) => x.key - y.key);
const idx = `/**
 * Every API schema we describe, by API key. Adding an API is a new file in this folder plus a
 * line here.
 */
import type { ApiSchema } from "../schema.js";
${done.map((d) => `import { ${d.varName} } from "./${d.file}.js";`).join("\n")}

export const ALL_SCHEMAS: readonly ApiSchema[] = [
${done.map((d) => `  ${d.varName},`).join("\n")}
];

${done.map((d) => `export type { ${d.api}Request, ${d.api}Response } from "./${d.file}.js";`).join("\n")}
`;
writeFileSync(`${OUT}/index.ts`, idx);
console.log(done.length, "apis");
