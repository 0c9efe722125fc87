/**
 * The broker's entry point (kafka.Kafka): `node dist/broker/main.js server.properties [--override k=v]...`.
 * Prints Kafka's USAGE without arguments; a bad config or an unreachable ZooKeeper is a clear
 * error and exit code 1; SIGTERM/SIGINT shut down cleanly (exit 0).
 */
import { existsSync } from "node:fs";
import { ConfigException } from "../common/config-def.js";
import { logger } from "../common/logger.js";
import { KafkaConfig, parseOverrides } from "./config.js";
import { configValueString } from "./log/log-config.js";
import { KafkaServer } from "./kafka-server.js";

const log = logger("kafka");

async function main(argv: string[]): Promise<number> {
  if (argv.length < 1 || argv[0] === "--help" || argv[0] === "-h") {
    process.stderr.write("USAGE: kafka-server-start.sh [-daemon] server.properties [--override property=value]*\n");
    return 1;
  }
  const file = argv[0]!;
  let config: KafkaConfig;
  try {
    if (!existsSync(file)) throw new ConfigException(`${file} (No such file or directory)`);
    config = KafkaConfig.fromFile(file, parseOverrides(argv.slice(1)));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log.fatal(`Exiting Kafka due to fatal exception: ${msg}`);
    process.stderr.write(`org.apache.kafka.common.config.ConfigException: ${msg}\n`);
    return 1;
  }
  for (const k of config.unknownKeys) log.warn(`The configuration '${k}' was supplied but isn't a known config.`);
  log.info(`KafkaConfig values: \n\t${[...config.values].filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${Array.isArray(v) ? `[${v.join(", ")}]` : configValueString(v) ?? "null"}`).sort().join("\n\t")}`);

  const server = new KafkaServer(config);
  let stopping: Promise<void> | null = null;
  const stop = (sig: string) => {
    if (stopping) {
      log.warn(`Received ${sig} again during shutdown; exiting now`);
      process.exit(1);
    }
    log.info(`Received ${sig}, shutting down`);
    stopping = server.shutdown().then(() => process.exit(0), (e) => {
      log.error(`Error during shutdown: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  try {
    await server.startup();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log.fatal(`[KafkaServer id=${server.brokerId}] Fatal error during KafkaServer startup. Prepare to shutdown: ${msg}`);
    process.stderr.write(`Fatal error during KafkaServer startup: ${msg}\n`);
    await server.shutdown().catch(() => undefined);
    return 1;
  }
  return -1; // keep running
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
}, (e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
