/**
 * ApiVersions (API key 18), versions 0-3, flexible from v3.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (ApiVersionsRequest.json / ApiVersionsResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v3 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

export interface ApiVersionsRequest {
  /** The name of the client. (v3+) */
  clientSoftwareName: string;
  /** The version of the client. (v3+) */
  clientSoftwareVersion: string;
}

/** The APIs supported by the broker. */
export interface ApiVersion {
  /** The API index. (v0+) */
  apiKey: number;
  /** The minimum supported version, inclusive. (v0+) */
  minVersion: number;
  /** The maximum supported version, inclusive. (v0+) */
  maxVersion: number;
}

/** Features supported by the broker. Note: in v0-v3, features with MinSupportedVersion = 0 are omitted. */
export interface SupportedFeatureKey {
  /** The name of the feature. (v3+) */
  name: string;
  /** The minimum supported version for the feature. (v3+) */
  minVersion: number;
  /** The maximum supported version for the feature. (v3+) */
  maxVersion: number;
}

/** List of cluster-wide finalized features. The information is valid only if FinalizedFeaturesEpoch >= 0. */
export interface FinalizedFeatureKey {
  /** The name of the feature. (v3+) */
  name: string;
  /** The cluster-wide finalized max version level for the feature. (v3+) */
  maxVersionLevel: number;
  /** The cluster-wide finalized min version level for the feature. (v3+) */
  minVersionLevel: number;
}

export interface ApiVersionsResponse {
  /** The top-level error code. (v0+) */
  errorCode: number;
  /** The APIs supported by the broker. (v0+) */
  apiKeys: ApiVersion[];
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v1+) */
  throttleTimeMs: number;
  /** Features supported by the broker. Note: in v0-v3, features with MinSupportedVersion = 0 are omitted. (v3+, tagged 0) */
  supportedFeatures: SupportedFeatureKey[];
  /** The monotonically increasing epoch for the finalized features information. Valid values are >= 0. A value of -1 is special and represents unknown epoch. (v3+, tagged 1) */
  finalizedFeaturesEpoch: bigint;
  /** List of cluster-wide finalized features. The information is valid only if FinalizedFeaturesEpoch >= 0. (v3+, tagged 2) */
  finalizedFeatures: FinalizedFeatureKey[];
  /** Set by a KRaft controller if the required configurations for ZK migration are present (v3+, tagged 3) */
  zkMigrationReady: boolean;
}

export const apiVersions: ApiSchema = {
  apiKey: 18,
  name: "ApiVersions",
  request: {
    name: "ApiVersionsRequest",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "clientSoftwareName", type: "string", versions: "3+", ignorable: true },
      { name: "clientSoftwareVersion", type: "string", versions: "3+", ignorable: true },
    ],
  },
  response: {
    name: "ApiVersionsResponse",
    versions: "0-3",
    flexible: "3+",
    fields: [
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "apiKeys", type: "[]struct", versions: "0+", fields: [
        { name: "apiKey", type: "int16", versions: "0+" },
        { name: "minVersion", type: "int16", versions: "0+" },
        { name: "maxVersion", type: "int16", versions: "0+" },
      ] },
      { name: "throttleTimeMs", type: "int32", versions: "1+", ignorable: true },
      { name: "supportedFeatures", type: "[]struct", versions: "3+", tag: 0, taggedVersions: "3+", ignorable: true, fields: [
        { name: "name", type: "string", versions: "3+" },
        { name: "minVersion", type: "int16", versions: "3+" },
        { name: "maxVersion", type: "int16", versions: "3+" },
      ] },
      { name: "finalizedFeaturesEpoch", type: "int64", versions: "3+", tag: 1, taggedVersions: "3+", default: -1n, ignorable: true },
      { name: "finalizedFeatures", type: "[]struct", versions: "3+", tag: 2, taggedVersions: "3+", ignorable: true, fields: [
        { name: "name", type: "string", versions: "3+" },
        { name: "maxVersionLevel", type: "int16", versions: "3+" },
        { name: "minVersionLevel", type: "int16", versions: "3+" },
      ] },
      { name: "zkMigrationReady", type: "bool", versions: "3+", tag: 3, taggedVersions: "3+", ignorable: true },
    ],
  },
};
