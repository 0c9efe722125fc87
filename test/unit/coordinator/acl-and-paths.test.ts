/** Path validation and ACL checks with ZooKeeper's rules. */
import { describe, expect, it } from "vitest";
import { invalidPathReason } from "../../../coordinator/pipeline/path-validation.js";
import { checkAcl, fixupAcl, generateDigest, ipMatches, redactDigests } from "../../../coordinator/auth/acl.js";
import { Code, KeeperError } from "../../../coordinator/jute/errors.js";

const code = (f: () => unknown) => { try { f(); return 0; } catch (e) { return (e as KeeperError).code; } };

describe("validatePath", () => {
  it("accepts good paths and explains bad ones like PathUtils", () => {
    for (const ok of ["/", "/a", "/a/b.c", "/a/..b", "/ünïcode"]) expect(invalidPathReason(ok)).toBeUndefined();
    expect(invalidPathReason("")).toBe("Path length must be > 0");
    expect(invalidPathReason("a")).toBe("Path must start with / character");
    expect(invalidPathReason("/a/")).toBe("Path must not end with / character");
    expect(invalidPathReason("/a//b")).toBe("empty node name specified @3");
    expect(invalidPathReason("/a/./b")).toBe("relative paths not allowed @3");
    expect(invalidPathReason("/a/../b")).toBe("relative paths not allowed @4");
    expect(invalidPathReason("/a\u0001")).toBe("invalid character @2");
    expect(invalidPathReason("/a\u0000")).toBe("null character not allowed @2");
  });
});

describe("ACLs", () => {
  it("generates digests like DigestAuthenticationProvider", () => {
    expect(generateDigest("super:test")).toBe("super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
  });
  it("matches ip ACLs with and without a mask", () => {
    expect(ipMatches("10.1.2.3", "10.1.2.3")).toBe(true);
    expect(ipMatches("10.1.2.3", "10.1.0.0/16")).toBe(true);
    expect(ipMatches("10.2.2.3", "10.1.0.0/16")).toBe(false);
    expect(ipMatches("::ffff:127.0.0.1", "127.0.0.1")).toBe(true);
  });
  it("checks permission bits; world:anyone and super always pass", () => {
    const acl = [{ perms: 1, id: { scheme: "world", id: "anyone" } }, { perms: 31, id: { scheme: "digest", id: "bob:h" } }];
    expect(code(() => checkAcl(acl, 1, []))).toBe(0);
    expect(code(() => checkAcl(acl, 2, []))).toBe(Code.NOAUTH);
    expect(code(() => checkAcl(acl, 2, [{ scheme: "digest", id: "bob:h" }]))).toBe(0);
    expect(code(() => checkAcl(acl, 2, [{ scheme: "super", id: "" }]))).toBe(0);
  });
  it("expands auth, rejects bad ACLs, redacts digests", () => {
    const ids = [{ scheme: "ip", id: "127.0.0.1" }, { scheme: "digest", id: "bob:h" }];
    expect(fixupAcl("/p", ids, [{ perms: 31, id: { scheme: "auth", id: "" } }])).toEqual([{ perms: 31, id: { scheme: "digest", id: "bob:h" } }]);
    expect(code(() => fixupAcl("/p", [{ scheme: "ip", id: "1.2.3.4" }], [{ perms: 31, id: { scheme: "auth", id: "" } }]))).toBe(Code.INVALIDACL);
    expect(code(() => fixupAcl("/p", [], []))).toBe(Code.INVALIDACL);
    expect(code(() => fixupAcl("/p", [], [{ perms: 31, id: { scheme: "world", id: "nobody" } }]))).toBe(Code.INVALIDACL);
    expect(code(() => fixupAcl("/p", [], [{ perms: 31, id: { scheme: "ip", id: "not-an-ip" } }]))).toBe(Code.INVALIDACL);
    expect(redactDigests([{ perms: 1, id: { scheme: "digest", id: "bob:secret" } }])[0]!.id.id).toBe("bob:x");
  });
});
