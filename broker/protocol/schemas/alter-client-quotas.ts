/**
 * AlterClientQuotas (API key 49), versions 0-1, flexible from v1.
 *
 * Our schema table for this API, translated from the facts in Apache Kafka's message definitions
 * (AlterClientQuotasRequest.json / AlterClientQuotasResponse.json): field names (camelCase), types, version ranges,
 * nullable versions, tags and defaults. Fields of versions above v1 are left out on purpose.
 * The interfaces describe decoded bodies (every field filled, defaults for absent ones).
 */
import type { ApiSchema } from "../schema.js";

/** The quota entity to alter. */
export interface EntityData {
  /** The entity type. (v0+) */
  entityType: string;
  /** The name of the entity, or null if the default. (v0+) */
  entityName: string | null;
}

/** An individual quota configuration entry to alter. */
export interface OpData {
  /** The quota configuration key. (v0+) */
  key: string;
  /** The value to set, otherwise ignored if the value is to be removed. (v0+) */
  value: number;
  /** Whether the quota configuration value should be removed, otherwise set. (v0+) */
  remove: boolean;
}

/** The quota configuration entries to alter. */
export interface EntryData {
  /** The quota entity to alter. (v0+) */
  entity: EntityData[];
  /** An individual quota configuration entry to alter. (v0+) */
  ops: OpData[];
}

export interface AlterClientQuotasRequest {
  /** The quota configuration entries to alter. (v0+) */
  entries: EntryData[];
  /** Whether the alteration should be validated, but not performed. (v0+) */
  validateOnly: boolean;
}

/** The quota entity to alter. */
export interface AlterClientQuotasResponseEntityData {
  /** The entity type. (v0+) */
  entityType: string;
  /** The name of the entity, or null if the default. (v0+) */
  entityName: string | null;
}

/** The quota configuration entries to alter. */
export interface AlterClientQuotasResponseEntryData {
  /** The error code, or `0` if the quota alteration succeeded. (v0+) */
  errorCode: number;
  /** The error message, or `null` if the quota alteration succeeded. (v0+) */
  errorMessage: string | null;
  /** The quota entity to alter. (v0+) */
  entity: AlterClientQuotasResponseEntityData[];
}

export interface AlterClientQuotasResponse {
  /** The duration in milliseconds for which the request was throttled due to a quota violation, or zero if the request did not violate any quota. (v0+) */
  throttleTimeMs: number;
  /** The quota configuration entries to alter. (v0+) */
  entries: AlterClientQuotasResponseEntryData[];
}

export const alterClientQuotas: ApiSchema = {
  apiKey: 49,
  name: "AlterClientQuotas",
  request: {
    name: "AlterClientQuotasRequest",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "entries", type: "[]struct", versions: "0+", fields: [
        { name: "entity", type: "[]struct", versions: "0+", fields: [
          { name: "entityType", type: "string", versions: "0+" },
          { name: "entityName", type: "string", versions: "0+", nullable: "0+" },
        ] },
        { name: "ops", type: "[]struct", versions: "0+", fields: [
          { name: "key", type: "string", versions: "0+" },
          { name: "value", type: "float64", versions: "0+" },
          { name: "remove", type: "bool", versions: "0+" },
        ] },
      ] },
      { name: "validateOnly", type: "bool", versions: "0+" },
    ],
  },
  response: {
    name: "AlterClientQuotasResponse",
    versions: "0-1",
    flexible: "1+",
    fields: [
      { name: "throttleTimeMs", type: "int32", versions: "0+" },
      { name: "entries", type: "[]struct", versions: "0+", fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullable: "0+" },
        { name: "entity", type: "[]struct", versions: "0+", fields: [
          { name: "entityType", type: "string", versions: "0+" },
          { name: "entityName", type: "string", versions: "0+", nullable: "0+" },
        ] },
      ] },
    ],
  },
};
