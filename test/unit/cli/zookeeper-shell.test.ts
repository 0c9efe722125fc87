/**
 * zookeeper-shell's pure parts, against what the Java zkCli 3.8 prints: client-side path
 * validation (PathUtils.validatePath messages), ZooKeeperMain's line tokenizer, Java's
 * Date.toString and zkCli's Stat print.
 */
import { describe, expect, it } from "vitest";
import { formatStat, javaDate } from "../../../cli/zookeeper-shell-client.js";
import { tokenize, validatePath } from "../../../cli/zookeeper-shell.js";

describe("validatePath (PathUtils.validatePath)", () => {
  it.each([
    ["/", null],
    ["/a/b.c/..d/.e", null],
    ["", "Path length must be > 0"],
    ["a", "Path must start with / character"],
    ["/a/", "Path must not end with / character"],
    ["//x", 'Invalid path string "//x" caused by empty node name specified @1'],
    ["/t/x//y", 'Invalid path string "/t/x//y" caused by empty node name specified @5'],
    ["/a/./b", 'Invalid path string "/a/./b" caused by relative paths not allowed @3'],
    ["/a/..", 'Invalid path string "/a/.." caused by relative paths not allowed @4'],
    ["/a\u0000b", 'Invalid path string "/a\u0000b" caused by null character not allowed @2'],
    ["/a\u0001b", 'Invalid path string "/a\u0001b" caused by invalid character @2'],
    ["/a\ud800b", 'Invalid path string "/a\ud800b" caused by invalid character @2'],
  ])("%j -> %j", (path, message) => {
    expect(validatePath(path)).toBe(message);
  });
});

describe("tokenize (ZooKeeperMain.MyCommandOptions.parseCommand)", () => {
  it("splits on whitespace and strips one level of quotes", () => {
    expect(tokenize('create "/t/quoted" "two words"')).toEqual(["create", "/t/quoted", "two words"]);
    expect(tokenize("  set /a 'it is'  ")).toEqual(["set", "/a", "it is"]);
    expect(tokenize("get -s   /a")).toEqual(["get", "-s", "/a"]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("Java-style dates and Stat", () => {
  it("prints Date.toString like Java (EEE MMM dd HH:mm:ss zzz yyyy, local zone)", () => {
    expect(javaDate(1795503203752n)).toMatch(/^Tue Nov 24 \d\d:\d\d:23 [A-Z]\w* 2026$/);
  });

  it("prints a Stat like zkCli's StatPrinter", () => {
    const s = formatStat({
      czxid: 0x3n, mzxid: 0x12n, ctime: 0n, mtime: 0n, version: 2, cversion: 3, aversion: 1,
      ephemeralOwner: -0x7ffffffffffffffen, dataLength: 5, numChildren: 2, pzxid: 0xen,
    }).split("\n");
    expect(s.map((l) => l.split(" = ")[0])).toEqual([
      "cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion", "ephemeralOwner", "dataLength", "numChildren",
    ]);
    expect(s[0]).toBe("cZxid = 0x3");
    expect(s[4]).toBe("pZxid = 0xe");
    expect(s[6]).toBe("dataVersion = 2");
    // Long.toHexString of a negative session id: two's complement, no sign
    expect(s[8]).toBe("ephemeralOwner = 0x8000000000000002");
  });
});
