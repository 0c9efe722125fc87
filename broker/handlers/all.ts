/**
 * Every handler this broker registers. ApiVersions is added by the registry itself (it answers
 * from this list). Group and transaction APIs come with later issues and are not listed, so
 * they are not advertised.
 */
import type { Handler } from "./handler.js";
import { alterConfigsHandler } from "./alter-configs.js";
import { createPartitionsHandler } from "./create-partitions.js";
import { createTopicsHandler } from "./create-topics.js";
import { deleteRecordsHandler } from "./delete-records.js";
import { deleteTopicsHandler } from "./delete-topics.js";
import { describeClusterHandler } from "./describe-cluster.js";
import { describeConfigsHandler } from "./describe-configs.js";
import { describeProducersHandler } from "./describe-producers.js";
import { controlledShutdownHandler } from "./controlled-shutdown.js";
import { alterPartitionReassignmentsHandler } from "./alter-partition-reassignments.js";
import { listPartitionReassignmentsHandler } from "./list-partition-reassignments.js";
import { electLeadersHandler } from "./elect-leaders.js";
import { describeLogDirsHandler } from "./describe-log-dirs.js";
import { fetchHandler } from "./fetch.js";
import { incrementalAlterConfigsHandler } from "./incremental-alter-configs.js";
import { initProducerIdHandler } from "./init-producer-id.js";
import { listOffsetsHandler } from "./list-offsets.js";
import { metadataHandler } from "./metadata.js";
import { offsetForLeaderEpochHandler } from "./offset-for-leader-epoch.js";
import { produceHandler } from "./produce.js";
import { saslAuthenticateHandler, saslHandshakeHandler } from "./sasl-handshake.js";
import { GROUP_HANDLERS } from "./group-handlers.js";

export const HANDLERS: readonly Handler[] = [
  produceHandler, fetchHandler, listOffsetsHandler, metadataHandler, saslHandshakeHandler, saslAuthenticateHandler,
  createTopicsHandler, deleteTopicsHandler, deleteRecordsHandler, initProducerIdHandler, offsetForLeaderEpochHandler,
  describeConfigsHandler, alterConfigsHandler, createPartitionsHandler, incrementalAlterConfigsHandler, describeClusterHandler, describeProducersHandler, electLeadersHandler,
  controlledShutdownHandler, alterPartitionReassignmentsHandler, listPartitionReassignmentsHandler,
  describeLogDirsHandler,
  ...GROUP_HANDLERS,
] as readonly Handler[];
