/**
 * DescribeClientQuotas (API key 48), versions 0-1, flexible from v1.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (DescribeClientQuotasRequest.json / DescribeClientQuotasResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v1 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** Filter components to apply to quota entities. */
export interface ComponentData {
  /** The entity type that the filter component applies to. (v0+) */
  entityType: string;
  /** How to match the entity {0 = exact name, 1 = default name, 2 = any specified name}. (v0+) */
  matchType: number;
  /** The string to match against, or null if unused for the match type. (v0+) */
  match: string | null;
}

export interface DescribeClientQuotasRequest {
  /** Filter components to apply to quota entities. (v0+) */
  components: ComponentData[];
  /** Whether the match is strict, i.e. should exclude entities with unspecified entity types. (v0+) */
  strict: boolean;
}

/** The quota entity description. */
export interface EntityData {
  /** The entity type. (v0+) */
  entityType: string;
  /** The entity name, or null if the default. (v0+) */
  entityName: string | null;
}

/** The quota values for the entity. */
export interface ValueData {
  /** The quota configuration key. (v0+) */
  key: string;
  /** The quota configuration value. (v0+) */
  value: number;
}

/** A result entry. */
export interface EntryData {
  /** The quota entity description. (v0+) */
  entity: EntityData[];
  /** The quota values for the entity. (v0+) */
  values: ValueData[];
}

export interface DescribeClientQuotasResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The error code, or `0` if the quota description succeeded. (v0+) */
  errorCode: number;
  /** The error message, or `null` if the quota description succeeded. (v0+) */
  errorMessage: string | null;
  /** A result entry. (v0+) */
  entries: EntryData[] | null;
}

export const describeClientQuotas: ApiSchema = {
  apiKey: 48,
  name: "DescribeClientQuotas",
  request: {
    name: "DescribeClientQuotasRequest",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "components", type: "[]struct", versions: "0+", fields: [
        { name: "entityType", type: "string", versions: "0+" },
        { name: "matchType", type: "int8", versions: "0+" },
        { name: "match", type: "string", versions: "0+", nullable: "0+" },
      ] },
      { name: "strict", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "DescribeClientQuotasResponse",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "errorCode", type: "int16", versions: "0+" },
      { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
      { name: "entries", type: "[]struct", versions: "0+", nullable: "0+", fields: [
        { name: "entity", type: "[]struct", versions: "0+", fields: [
          { name: "entityType", type: "string", versions: "0+" },
          { name: "entityName", type: "string", versions: "0+", nullable: "0+" },
        ] },
        { name: "values", type: "[]struct", versions: "0+", fields: [
          { name: "key", type: "string", versions: "0+" },
          { name: "value", type: "float64", versions: "0+" },
        ] },
      ] },
    ],
  },
};
