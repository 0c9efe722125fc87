/** DescribeCluster (60): live brokers, controller and cluster id from the metadata cache. */
import type { DescribeClusterRequest, DescribeClusterResponse } from "../protocol/schemas/describe-cluster.js";
import { advertisedEndpoint } from "./metadata.js";
import { defineHandler } from "./handler.js";

export const describeClusterHandler = defineHandler<DescribeClusterRequest, DescribeClusterResponse>({
  apiKey: 60,
  minVersion: 0,
  maxVersion: 0,
  handle(_req, ctx) {
    const m = ctx.broker.metadata;
    const brokers = [];
    for (const b of m.brokers.values()) {
      const ep = advertisedEndpoint(b, ctx.conn.listenerName);
      if (ep) brokers.push({ brokerId: b.id, host: ep.host, port: ep.port, rack: b.rack });
    }
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, clusterId: m.clusterId, controllerId: m.controllerId, brokers, clusterAuthorizedOperations: -2147483648 };
  },
  errorResponse: (_req, errorCode, message) => ({ throttleTimeMs: 0, errorCode, errorMessage: message, clusterId: "", controllerId: -1, brokers: [], clusterAuthorizedOperations: -2147483648 }),
});
