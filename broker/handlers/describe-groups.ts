/**
 * DescribeGroups (15), v0-5: state, protocol and members per group. Member metadata and
 * assignments (and the protocol name) are only given for a Stable group, as Kafka does; a group
 * we do not know is answered as "Dead" with no error.
 */
import type { DescribeGroupsRequest, DescribeGroupsResponse } from "../protocol/schemas/describe-groups.js";
import { coordinator } from "../group/broker-access.js";
import { defineHandler } from "./handler.js";

const NO_OPS = -2147483648;
/** Without an authorizer every operation a group supports is allowed: READ(3), DELETE(6), DESCRIBE(8). */
const GROUP_OPS = (1 << 3) | (1 << 6) | (1 << 8);

export const describeGroupsHandler = defineHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  apiKey: 15,
  minVersion: 0,
  maxVersion: 5,
  handle(req, ctx) {
    const c = coordinator(ctx.broker);
    return {
      throttleTimeMs: 0,
      groups: req.groups.map((id) => {
        const s = c.describeGroup(id);
        return {
          errorCode: s.error,
          groupId: id,
          groupState: s.state,
          protocolType: s.protocolType,
          protocolData: s.protocol,
          members: s.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost, memberMetadata: m.metadata, memberAssignment: m.assignment })),
          authorizedOperations: req.includeAuthorizedOperations ? GROUP_OPS : NO_OPS,
        };
      }),
    };
  },
  errorResponse: (req, errorCode) => ({
    throttleTimeMs: 0,
    groups: req.groups.map((id) => ({ errorCode, groupId: id, groupState: "", protocolType: "", protocolData: "", members: [], authorizedOperations: NO_OPS })),
  }),
});
