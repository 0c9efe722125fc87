/**
 * Every API schema we describe, by API key. Adding an API is a new file in this folder plus a
 * line here.
 */
import type { ApiSchema } from "../schema.js";
import { produce } from "./produce.js";
import { fetch } from "./fetch.js";
import { listOffsets } from "./list-offsets.js";
import { metadata } from "./metadata.js";
import { leaderAndIsr } from "./leader-and-isr.js";
import { stopReplica } from "./stop-replica.js";
import { updateMetadata } from "./update-metadata.js";
import { controlledShutdown } from "./controlled-shutdown.js";
import { offsetCommit } from "./offset-commit.js";
import { offsetFetch } from "./offset-fetch.js";
import { findCoordinator } from "./find-coordinator.js";
import { joinGroup } from "./join-group.js";
import { heartbeat } from "./heartbeat.js";
import { leaveGroup } from "./leave-group.js";
import { syncGroup } from "./sync-group.js";
import { describeGroups } from "./describe-groups.js";
import { listGroups } from "./list-groups.js";
import { saslHandshake } from "./sasl-handshake.js";
import { apiVersions } from "./api-versions.js";
import { createTopics } from "./create-topics.js";
import { deleteTopics } from "./delete-topics.js";
import { deleteRecords } from "./delete-records.js";
import { initProducerId } from "./init-producer-id.js";
import { offsetForLeaderEpoch } from "./offset-for-leader-epoch.js";
import { addPartitionsToTxn } from "./add-partitions-to-txn.js";
import { addOffsetsToTxn } from "./add-offsets-to-txn.js";
import { endTxn } from "./end-txn.js";
import { writeTxnMarkers } from "./write-txn-markers.js";
import { txnOffsetCommit } from "./txn-offset-commit.js";
import { describeAcls } from "./describe-acls.js";
import { createAcls } from "./create-acls.js";
import { deleteAcls } from "./delete-acls.js";
import { describeConfigs } from "./describe-configs.js";
import { alterConfigs } from "./alter-configs.js";
import { alterReplicaLogDirs } from "./alter-replica-log-dirs.js";
import { describeLogDirs } from "./describe-log-dirs.js";
import { saslAuthenticate } from "./sasl-authenticate.js";
import { createPartitions } from "./create-partitions.js";
import { deleteGroups } from "./delete-groups.js";
import { electLeaders } from "./elect-leaders.js";
import { incrementalAlterConfigs } from "./incremental-alter-configs.js";
import { alterPartitionReassignments } from "./alter-partition-reassignments.js";
import { listPartitionReassignments } from "./list-partition-reassignments.js";
import { offsetDelete } from "./offset-delete.js";
import { describeClientQuotas } from "./describe-client-quotas.js";
import { alterClientQuotas } from "./alter-client-quotas.js";
import { describeUserScramCredentials } from "./describe-user-scram-credentials.js";
import { alterUserScramCredentials } from "./alter-user-scram-credentials.js";
import { describeCluster } from "./describe-cluster.js";
import { describeProducers } from "./describe-producers.js";
import { describeTransactions } from "./describe-transactions.js";
import { listTransactions } from "./list-transactions.js";

export const ALL_SCHEMAS: readonly ApiSchema[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  leaderAndIsr,
  stopReplica,
  updateMetadata,
  controlledShutdown,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  saslHandshake,
  apiVersions,
  createTopics,
  deleteTopics,
  deleteRecords,
  initProducerId,
  offsetForLeaderEpoch,
  addPartitionsToTxn,
  addOffsetsToTxn,
  endTxn,
  writeTxnMarkers,
  txnOffsetCommit,
  describeAcls,
  createAcls,
  deleteAcls,
  describeConfigs,
  alterConfigs,
  alterReplicaLogDirs,
  describeLogDirs,
  saslAuthenticate,
  createPartitions,
  deleteGroups,
  electLeaders,
  incrementalAlterConfigs,
  alterPartitionReassignments,
  listPartitionReassignments,
  offsetDelete,
  describeClientQuotas,
  alterClientQuotas,
  describeUserScramCredentials,
  alterUserScramCredentials,
  describeCluster,
  describeProducers,
  describeTransactions,
  listTransactions,
];

export type { ProduceRequest, ProduceResponse } from "./produce.js";
export type { FetchRequest, FetchResponse } from "./fetch.js";
export type { ListOffsetsRequest, ListOffsetsResponse } from "./list-offsets.js";
export type { MetadataRequest, MetadataResponse } from "./metadata.js";
export type { LeaderAndIsrRequest, LeaderAndIsrResponse } from "./leader-and-isr.js";
export type { StopReplicaRequest, StopReplicaResponse } from "./stop-replica.js";
export type { UpdateMetadataRequest, UpdateMetadataResponse } from "./update-metadata.js";
export type { ControlledShutdownRequest, ControlledShutdownResponse } from "./controlled-shutdown.js";
export type { OffsetCommitRequest, OffsetCommitResponse } from "./offset-commit.js";
export type { OffsetFetchRequest, OffsetFetchResponse } from "./offset-fetch.js";
export type { FindCoordinatorRequest, FindCoordinatorResponse } from "./find-coordinator.js";
export type { JoinGroupRequest, JoinGroupResponse } from "./join-group.js";
export type { HeartbeatRequest, HeartbeatResponse } from "./heartbeat.js";
export type { LeaveGroupRequest, LeaveGroupResponse } from "./leave-group.js";
export type { SyncGroupRequest, SyncGroupResponse } from "./sync-group.js";
export type { DescribeGroupsRequest, DescribeGroupsResponse } from "./describe-groups.js";
export type { ListGroupsRequest, ListGroupsResponse } from "./list-groups.js";
export type { SaslHandshakeRequest, SaslHandshakeResponse } from "./sasl-handshake.js";
export type { ApiVersionsRequest, ApiVersionsResponse } from "./api-versions.js";
export type { CreateTopicsRequest, CreateTopicsResponse } from "./create-topics.js";
export type { DeleteTopicsRequest, DeleteTopicsResponse } from "./delete-topics.js";
export type { DeleteRecordsRequest, DeleteRecordsResponse } from "./delete-records.js";
export type { InitProducerIdRequest, InitProducerIdResponse } from "./init-producer-id.js";
export type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from "./offset-for-leader-epoch.js";
export type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from "./add-partitions-to-txn.js";
export type { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from "./add-offsets-to-txn.js";
export type { EndTxnRequest, EndTxnResponse } from "./end-txn.js";
export type { WriteTxnMarkersRequest, WriteTxnMarkersResponse } from "./write-txn-markers.js";
export type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from "./txn-offset-commit.js";
export type { DescribeAclsRequest, DescribeAclsResponse } from "./describe-acls.js";
export type { CreateAclsRequest, CreateAclsResponse } from "./create-acls.js";
export type { DeleteAclsRequest, DeleteAclsResponse } from "./delete-acls.js";
export type { DescribeConfigsRequest, DescribeConfigsResponse } from "./describe-configs.js";
export type { AlterConfigsRequest, AlterConfigsResponse } from "./alter-configs.js";
export type { AlterReplicaLogDirsRequest, AlterReplicaLogDirsResponse } from "./alter-replica-log-dirs.js";
export type { DescribeLogDirsRequest, DescribeLogDirsResponse } from "./describe-log-dirs.js";
export type { SaslAuthenticateRequest, SaslAuthenticateResponse } from "./sasl-authenticate.js";
export type { CreatePartitionsRequest, CreatePartitionsResponse } from "./create-partitions.js";
export type { DeleteGroupsRequest, DeleteGroupsResponse } from "./delete-groups.js";
export type { ElectLeadersRequest, ElectLeadersResponse } from "./elect-leaders.js";
export type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from "./incremental-alter-configs.js";
export type { AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse } from "./alter-partition-reassignments.js";
export type { ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse } from "./list-partition-reassignments.js";
export type { OffsetDeleteRequest, OffsetDeleteResponse } from "./offset-delete.js";
export type { DescribeClientQuotasRequest, DescribeClientQuotasResponse } from "./describe-client-quotas.js";
export type { AlterClientQuotasRequest, AlterClientQuotasResponse } from "./alter-client-quotas.js";
export type { DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse } from "./describe-user-scram-credentials.js";
export type { AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse } from "./alter-user-scram-credentials.js";
export type { DescribeClusterRequest, DescribeClusterResponse } from "./describe-cluster.js";
export type { DescribeProducersRequest, DescribeProducersResponse } from "./describe-producers.js";
export type { DescribeTransactionsRequest, DescribeTransactionsResponse } from "./describe-transactions.js";
export type { ListTransactionsRequest, ListTransactionsResponse } from "./list-transactions.js";
