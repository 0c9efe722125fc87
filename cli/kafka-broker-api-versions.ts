/**
 * kafka-broker-api-versions.sh (Kafka's BrokerApiVersionsCommand): asks every broker of the
 * cluster for ApiVersions and prints, per broker, Kafka's NodeApiVersions.toString(true):
 *
 *   127.0.0.1:9092 (id: 0 rack: null) -> (
 *   	Produce(0): 0 to 9 [usable: 9],
 *   	...
 *   	ConsumerGroupHeartbeat(68): UNSUPPORTED,
 *   )
 *
 * "usable" is the highest version both this client (Kafka 3.7's API set, our schema tables) and
 * the broker know; client APIs the broker does not advertise are listed as UNSUPPORTED.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readPropertiesFile } from "../common/properties.js";
import { Cluster, type BrokerNode } from "../broker/client/cluster.js";
import { Connection } from "../broker/client/connection.js";
import { ApiKey, apiName } from "../broker/protocol/api-keys.js";
import { versionRange } from "../broker/protocol/codec.js";
import type { ApiVersionsResponse } from "../broker/protocol/schemas/api-versions.js";
import { HELP_OPTION, VERSION_OPTION, checkRequiredArgs, maybeHelpOrVersion, parseArgs, runTool, type OptionDef } from "./args.js";

export const BROKER_API_VERSIONS_OPTIONS: OptionDef[] = [
  { name: "bootstrap-server", description: "REQUIRED: The server to connect to.", arg: { type: "String", describedAs: "server(s) to use for bootstrapping" } },
  { name: "command-config", description: "A property file containing configs to be passed to Admin Client.", arg: { type: "String", describedAs: "command config property file" } },
  HELP_OPTION,
  VERSION_OPTION,
];

/** The last API key a Kafka 3.7 client knows (ListClientMetricsResources). */
const LAST_KNOWN_KEY = 74;
/** Keys only a KRaft controller listens for: not client APIs (ApiKeys.clientApis()). */
const CONTROLLER_ONLY = new Set([52, 53, 54, 59, 62, 63, 70, 73]);

/** NodeApiVersions.toString(true) */
export function formatNodeApiVersions(advertised: { apiKey: number; minVersion: number; maxVersion: number }[]): string {
  const lines = new Map<number, string>();
  for (const a of advertised) {
    const known = a.apiKey <= LAST_KNOWN_KEY && apiName(a.apiKey) !== `Unknown(${a.apiKey})`;
    let s = known ? `${apiName(a.apiKey)}(${a.apiKey}): ` : `UNKNOWN(${a.apiKey}): `;
    s += a.minVersion === a.maxVersion ? `${a.minVersion}` : `${a.minVersion} to ${a.maxVersion}`;
    if (known) {
      const ours = versionRange(a.apiKey) ?? { min: 0, max: a.maxVersion };
      if (ours.max < a.minVersion) s += " [unusable: node too new]";
      else if (a.maxVersion < ours.min) s += " [unusable: node too old]";
      else s += ` [usable: ${Math.min(ours.max, a.maxVersion)}]`;
    }
    lines.set(a.apiKey, s);
  }
  for (let k = 0; k <= LAST_KNOWN_KEY; k++) {
    if (CONTROLLER_ONLY.has(k) || lines.has(k)) continue;
    lines.set(k, `${apiName(k)}(${k}): UNSUPPORTED`);
  }
  const body = [...lines.keys()].sort((a, b) => a - b).map((k) => lines.get(k)!);
  return `(\n\t${body.join(",\n\t")}\n)`;
}

async function main(argv: string[]): Promise<number> {
  const d = BROKER_API_VERSIONS_OPTIONS;
  const o = parseArgs(d, argv);
  maybeHelpOrVersion(d, o, "This tool helps to retrieve broker version information.");
  checkRequiredArgs(d, o, "bootstrap-server");
  const cfg = o.value("command-config");
  const props = cfg ? readPropertiesFile(cfg) : new Map<string, string>();
  const timeoutMs = Number(props.get("request.timeout.ms") ?? 5000);
  const cluster = new Cluster(o.value("bootstrap-server")!, { clientId: "admin-1", requestTimeoutMs: timeoutMs });
  try {
    // awaitBrokers: ask again until the cluster names its brokers (the request timeout is short)
    const deadline = Date.now() + 60_000;
    let md;
    for (;;) {
      try {
        md = await cluster.refreshMetadata([]);
        if (md.brokers.size > 0) break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const brokers: BrokerNode[] = [...md.brokers.values()].sort((a, b) => a.nodeId - b.nodeId);
    let out = "";
    for (const b of brokers) {
      const node = `${b.host}:${b.port} (id: ${b.nodeId} rack: ${b.rack ?? "null"})`;
      try {
        const conn = await Connection.open(b.host, b.port, { clientId: "admin-1", requestTimeoutMs: timeoutMs });
        try {
          const res = await conn.sendAt<ApiVersionsResponse>(ApiKey.ApiVersions, Math.min(3, versionRange(ApiKey.ApiVersions)!.max), { clientSoftwareName: "apache-kafka-java", clientSoftwareVersion: "3.7.0" });
          if (res.errorCode !== 0) throw new Error(`org.apache.kafka.common.errors.UnsupportedVersionException: error code ${res.errorCode}`);
          out += `${node} -> ${formatNodeApiVersions(res.apiKeys)}\n`;
        } finally {
          conn.close();
        }
      } catch (e) {
        out += `${node} -> ERROR: ${(e as Error).message}\n`;
      }
    }
    process.stdout.write(out);
    return 0;
  } finally {
    await cluster.close();
  }
}

/** True when this file is the program being run (not imported, e.g. by unit tests). */
function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) void runTool(() => main(process.argv.slice(2)));
