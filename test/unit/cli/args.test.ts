import { describe, expect, it } from "vitest";
import { ExitError, OptionError, formatHelp, parseArgs, parseKeyValueArgs, usageAndDie, type OptionDef } from "../../../cli/args.js";

const defs: OptionDef[] = [
  { name: "topic", description: "The topic.", arg: { type: "String", describedAs: "topic" } },
  { name: "partitions", description: "Count.", arg: { type: "Integer", describedAs: "# of partitions" } },
  { name: "config", description: "Configs.", arg: { type: "String", describedAs: "name=value" } },
  { name: "list", description: "List all available topics." },
  { name: "offset", description: "Where to start.", arg: { type: "String" }, defaultValue: "latest" },
  { name: "compression-codec", description: "Codec.", arg: { type: "String", optional: true } },
];

describe("parseArgs (joptsimple behaviour)", () => {
  it("reads --opt value, --opt=value, single-dash long names and repeated options", () => {
    const o = parseArgs(defs, ["--topic", "t1", "--partitions=3", "-list", "--config", "a=1", "--config", "b=2", "extra"]);
    expect(o.value("topic")).toBe("t1");
    expect(o.int("partitions")).toBe(3);
    expect(o.has("list")).toBe(true);
    expect(o.values("config")).toEqual(["a=1", "b=2"]);
    expect(o.nonOptions).toEqual(["extra"]);
    expect(o.value("offset")).toBe("latest");
    expect(o.has("offset")).toBe(false);
  });

  it("takes the next token as a required argument even if it starts with a dash", () => {
    expect(parseArgs(defs, ["--topic", "--list"]).value("topic")).toBe("--list");
  });

  it("optional arguments take the next token only when it is not an option", () => {
    expect(parseArgs(defs, ["--compression-codec", "--list"]).value("compression-codec")).toBeUndefined();
    expect(parseArgs(defs, ["--compression-codec", "lz4"]).value("compression-codec")).toBe("lz4");
  });

  it("raises joptsimple's messages", () => {
    expect(() => parseArgs(defs, ["--nope"])).toThrow(new OptionError("UnrecognizedOptionException", "nope is not a recognized option"));
    expect(() => parseArgs(defs, ["--topic"])).toThrow("Option topic requires an argument");
    expect(() => parseArgs(defs, ["--partitions", "abc"])).toThrow("Cannot parse argument 'abc' of option partitions");
    expect(() => parseArgs(defs, ["--partitions", "99999999999"])).toThrow("Cannot parse argument '99999999999' of option partitions");
    expect(() => parseArgs(defs, ["--top", "x"])).toThrow("top is not a recognized option");
    expect(() => parseArgs(defs, ["--topic", "a", "--topic", "b"]).value("topic")).toThrow("Found multiple arguments for option topic, but you asked for only one");
  });
});

describe("formatHelp (joptsimple BuiltinHelpFormatter)", () => {
  it("prints the two-column table sorted by option, 80 columns, wrapped with two-space indents", () => {
    const help = formatHelp([
      { name: "zookeeper", description: "REQUIRED: The connection string for the zookeeper connection in the form host:port. Multiple URLS can be given to allow fail-over.", arg: { type: "String", describedAs: "urls" } },
      { name: "alter", description: "Alter the number of partitions." },
      { name: "max-messages", description: "The maximum number of messages.", arg: { type: "Integer", describedAs: "num_messages" }, defaultValue: "5" },
    ]);
    const lines = help.split("\n");
    // option column = widest option (38 here, at most 39) + two spaces
    expect(lines[0]).toMatch(/^Option {34}Description/);
    expect(lines[1]).toMatch(/^------ {34}-----------/);
    expect(lines[2]).toMatch(/^--alter {33}Alter the number of partitions\./);
    expect(help).toContain("--max-messages <Integer: num_messages>");
    expect(help).toContain("(default: 5)");
    expect(help).toContain("--zookeeper <String: urls>");
    expect(help).toContain("\n" + " ".repeat(40) + "  the zookeeper connection in the form");
    for (const l of lines.filter((x) => x !== "")) expect(l.length).toBeLessThanOrEqual(80);
  });

  it("usage goes to stderr with the message first and exits 1", () => {
    let err = "";
    const io = { out: () => {}, err: (s: string) => { err += s; } };
    expect(() => usageAndDie(defs, 'Missing required argument "[topic]"', io)).toThrow(ExitError);
    expect(err.split("\n")[0]).toBe('Missing required argument "[topic]"');
    expect(err).toContain("Option");
  });
});

describe("parseKeyValueArgs", () => {
  it("splits at the first '=' and keeps a missing value as empty", () => {
    expect([...parseKeyValueArgs(["a=1", "b=x=y", "c"])]).toEqual([["a", "1"], ["b", "x=y"], ["c", ""]]);
  });
});
