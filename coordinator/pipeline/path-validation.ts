/** PathUtils.validatePath: ZooKeeper's rules for znode paths (violations are BADARGUMENTS). */
import { Code, KeeperError } from "../jute/errors.js";

/** Returns the reason a path is invalid, or undefined. */
export function invalidPathReason(path: string): string | undefined {
  if (path.length === 0) return "Path length must be > 0";
  if (path.charCodeAt(0) !== 47) return "Path must start with / character";
  if (path.length === 1) return undefined;
  if (path.charCodeAt(path.length - 1) === 47) return "Path must not end with / character";
  let last = 47;
  for (let i = 1; i < path.length; last = path.charCodeAt(i), i++) {
    const c = path.charCodeAt(i);
    const next = i + 1 === path.length ? 47 : path.charCodeAt(i + 1);
    if (c === 0) return `null character not allowed @${i}`;
    if (c === 47 && last === 47) return `empty node name specified @${i}`;
    if (c === 46 && last === 46) {
      if (path.charCodeAt(i - 2) === 47 && next === 47) return `relative paths not allowed @${i}`;
    } else if (c === 46) {
      if (last === 47 && next === 47) return `relative paths not allowed @${i}`;
    } else if ((c > 0 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      return `invalid character @${i}`;
    }
  }
  return undefined;
}

export function validatePath(path: string): void {
  if (invalidPathReason(path) !== undefined) throw new KeeperError(Code.BADARGUMENTS, path);
}
