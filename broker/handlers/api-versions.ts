/** ApiVersions (18): the registry's list; v3 adds no features in ZooKeeper mode. */
import type { ApiVersionsRequest, ApiVersionsResponse } from "../protocol/schemas/api-versions.js";
import { defineHandler } from "./handler.js";

export function apiVersionsHandler(list: () => ApiVersionsResponse["apiKeys"]) {
  return defineHandler<ApiVersionsRequest, Partial<ApiVersionsResponse>>({
    apiKey: 18,
    minVersion: 0,
    maxVersion: 3,
    handle: () => ({ errorCode: 0, apiKeys: list(), throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1n, finalizedFeatures: [], zkMigrationReady: false }),
    errorResponse: (_req, errorCode) => ({ errorCode, apiKeys: list(), throttleTimeMs: 0 }),
  });
}
