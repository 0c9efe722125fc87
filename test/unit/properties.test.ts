import { describe, expect, it } from "vitest";
import { parseProperties } from "../../common/properties.js";
import { parseConfig, ConfigException, type ConfigKey } from "../../common/config-def.js";

describe("properties", () => {
  it("reads keys, comments, separators and continuations", () => {
    const p = parseProperties("# c\n! c\na=1\nb : two\nc three\nd=x\\\n  y\ne=\\u0041\\tb\n");
    expect([...p]).toEqual([["a", "1"], ["b", "two"], ["c", "three"], ["d", "xy"], ["e", "A\tb"]]);
  });
  it("converts and validates against definitions", () => {
    const defs: ConfigKey[] = [
      { name: "port", type: "int", default: 2181, doc: "", validate: (v) => ((v as number) > 0 ? undefined : "must be positive") },
      { name: "on", type: "boolean", default: false, doc: "" },
    ];
    const { values, unknown } = parseConfig(defs, new Map([["on", "TRUE"], ["zz", "1"]]));
    expect(values.get("port")).toBe(2181);
    expect(values.get("on")).toBe(true);
    expect(unknown).toEqual(["zz"]);
    expect(() => parseConfig(defs, new Map([["port", "abc"]]))).toThrow(ConfigException);
    expect(() => parseConfig(defs, new Map([["port", "-1"]]))).toThrow(/must be positive/);
  });
});
