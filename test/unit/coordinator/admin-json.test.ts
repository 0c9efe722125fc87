/** The AdminServer's JSON layout matches Jackson's default pretty printer (fixtures from ZooKeeper 3.8). */
import { expect, it } from "vitest";
import { JDouble, prettyJson } from "../../../coordinator/admin-server.js";

it("prints objects, nested arrays of objects, empty containers, longs and doubles like Jackson", () => {
  expect(prettyJson({ command: "ruok", error: null })).toBe('{\n  "command" : "ruok",\n  "error" : null\n}');
  expect(prettyJson({ connections: [{ a: 1, b: "x" }], secure_connections: [], current_config: {} })).toBe(
    '{\n  "connections" : [ {\n    "a" : 1,\n    "b" : "x"\n  } ],\n  "secure_connections" : [ ],\n  "current_config" : { }\n}');
  expect(prettyJson({ ids: [72057803121229824n], avg: new JDouble(11), p: new JDouble(1.0513) })).toBe(
    '{\n  "ids" : [ 72057803121229824 ],\n  "avg" : 11.0,\n  "p" : 1.0513\n}');
});
