/** JMX_PORT from the environment (Kafka's scripts pass it to the JVM): a port, or -1. */
import { logger } from "../logger.js";

export function jmxPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.JMX_PORT?.trim();
  if (!v) return -1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    logger("metrics").warn(`Ignoring JMX_PORT=${v}: not a port number`);
    return -1;
  }
  return n;
}
