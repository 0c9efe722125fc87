/**
 * ACL schemes and checks as ZooKeeper 3.8 does them: world (anyone), auth (expands to the
 * caller's authenticated ids), digest (user:base64(sha1(user:password))), ip (address or
 * address/bits), and the super user (a digest equal to the configured superDigest).
 */
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { Code, KeeperError } from "../jute/errors.js";
import type { Acl } from "../data-tree.js";

export interface AuthId {
  scheme: string;
  id: string;
}

/** DigestAuthenticationProvider.generateDigest */
export function generateDigest(idPassword: string): string {
  const user = idPassword.split(":", 1)[0]!;
  return `${user}:${createHash("sha1").update(idPassword, "utf8").digest("base64")}`;
}

function ipToBytes(addr: string): number[] | undefined {
  const a = addr.startsWith("::ffff:") && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr;
  const kind = isIP(a);
  if (kind === 4) return a.split(".").map(Number);
  if (kind === 6) {
    const [head, tail] = a.split("::") as [string, string | undefined];
    const h = head ? head.split(":") : [];
    const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill("0"), ...t];
    return groups.flatMap((g) => { const v = parseInt(g || "0", 16); return [v >> 8, v & 0xff]; });
  }
  return undefined;
}

/** IPAuthenticationProvider.matches: aclExpr is "addr" or "addr/bits". */
export function ipMatches(id: string, aclExpr: string): boolean {
  const [addr, bitsStr] = aclExpr.split("/") as [string, string | undefined];
  const want = ipToBytes(addr);
  const have = ipToBytes(id);
  if (!want || !have || want.length !== have.length) return false;
  let bits = bitsStr === undefined ? want.length * 8 : Number(bitsStr);
  if (!Number.isInteger(bits) || bits < 0 || bits > want.length * 8) return false;
  for (let i = 0; i < want.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((want[i]! & mask) !== (have[i]! & mask)) return false;
  }
  return true;
}

function ipValid(expr: string): boolean {
  const [addr, bits] = expr.split("/") as [string, string | undefined];
  const b = ipToBytes(addr);
  if (!b) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= b.length * 8;
}

function matches(scheme: string, id: string, aclExpr: string): boolean {
  if (scheme === "ip") return ipMatches(id, aclExpr);
  return id === aclExpr;
}

/** ZooKeeperServer.checkACL: throws NOAUTH unless one of `ids` grants one of the `perm` bits. */
export function checkAcl(acl: readonly Acl[], perm: number, ids: readonly AuthId[], path?: string): void {
  for (const a of ids) if (a.scheme === "super") return;
  if (acl.length === 0) return;
  for (const a of acl) {
    if ((a.perms & perm) === 0) continue;
    if (a.id.scheme === "world" && a.id.id === "anyone") return;
    for (const mine of ids) {
      if (mine.scheme === a.id.scheme && matches(mine.scheme, mine.id, a.id.id)) return;
    }
  }
  throw new KeeperError(Code.NOAUTH, path);
}

/** PrepRequestProcessor.fixupACL: validate, de-duplicate and expand "auth" entries. */
export function fixupAcl(path: string, ids: readonly AuthId[], acls: readonly Acl[]): Acl[] {
  const uniq: Acl[] = [];
  for (const a of acls) {
    if (!uniq.some((u) => u.perms === a.perms && u.id.scheme === a.id.scheme && u.id.id === a.id.id)) uniq.push(a);
  }
  if (uniq.length === 0) throw new KeeperError(Code.INVALIDACL, path);
  const out: Acl[] = [];
  for (const a of uniq) {
    const { scheme, id } = a.id;
    if (scheme === "world" && id === "anyone") out.push(a);
    else if (scheme === "auth") {
      let any = false;
      for (const c of ids) {
        if (c.scheme === "digest") {
          any = true;
          out.push({ perms: a.perms, id: { scheme: c.scheme, id: c.id } });
        }
      }
      if (!any) throw new KeeperError(Code.INVALIDACL, path);
    } else if (scheme === "digest") {
      if (id.split(":").length !== 2) throw new KeeperError(Code.INVALIDACL, path);
      out.push(a);
    } else if (scheme === "ip") {
      if (!ipValid(id)) throw new KeeperError(Code.INVALIDACL, path);
      out.push(a);
    } else {
      throw new KeeperError(Code.INVALIDACL, path);
    }
  }
  return out;
}

/** getACL for a caller without ADMIN: digest hashes are redacted to "user:x". */
export function redactDigests(acl: readonly Acl[]): Acl[] {
  return acl.map((a) => (a.id.scheme === "digest" ? { perms: a.perms, id: { scheme: "digest", id: a.id.id.replace(/:.*/, ":x") } } : a));
}
