/**
 * KeeperException codes: the one catalogue. A thrown KeeperError carries its wire code; the
 * pipeline maps it to the ReplyHeader's err field in one place.
 */
export const Code = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;

export type CodeValue = (typeof Code)[keyof typeof Code];

const names: Record<number, string> = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k]));

/** KeeperException.getCodeMessage texts. */
const messages: Record<number, string> = {
  [Code.OK]: "ok",
  [Code.SYSTEMERROR]: "SystemError",
  [Code.RUNTIMEINCONSISTENCY]: "RuntimeInconsistency",
  [Code.DATAINCONSISTENCY]: "DataInconsistency",
  [Code.CONNECTIONLOSS]: "ConnectionLoss",
  [Code.MARSHALLINGERROR]: "MarshallingError",
  [Code.UNIMPLEMENTED]: "Unimplemented",
  [Code.OPERATIONTIMEOUT]: "OperationTimeout",
  [Code.BADARGUMENTS]: "BadArguments",
  [Code.UNKNOWNSESSION]: "Unknown session",
  [Code.APIERROR]: "APIError",
  [Code.NONODE]: "NoNode",
  [Code.NOAUTH]: "NoAuth",
  [Code.BADVERSION]: "BadVersion",
  [Code.NOCHILDRENFOREPHEMERALS]: "NoChildrenForEphemerals",
  [Code.NODEEXISTS]: "NodeExists",
  [Code.NOTEMPTY]: "Directory not empty",
  [Code.SESSIONEXPIRED]: "Session expired",
  [Code.INVALIDCALLBACK]: "Invalid callback",
  [Code.INVALIDACL]: "InvalidACL",
  [Code.AUTHFAILED]: "AuthFailed",
  [Code.SESSIONMOVED]: "Session moved",
  [Code.NOTREADONLY]: "Not a read-only call",
  [Code.NOWATCHER]: "No such watcher",
  [Code.QUOTAEXCEEDED]: "Quota has exceeded",
  [Code.THROTTLEDOP]: "Op throttled due to high load",
};

export function codeName(code: number): string {
  return names[code] ?? `UNKNOWN(${code})`;
}

export class KeeperError extends Error {
  override name = "KeeperError";
  constructor(readonly code: number, readonly path?: string) {
    super(`KeeperErrorCode = ${messages[code] ?? codeName(code)}${path !== undefined ? ` for ${path}` : ""}`);
  }
}

export function keeperError(code: number, path?: string): KeeperError {
  return new KeeperError(code, path);
}
