/** JavaHashSet reproduces java.util.HashSet iteration order (fixtures captured from ZooKeeper 3.8). */
import { expect, it } from "vitest";
import { JavaHashSet } from "../../../coordinator/java-hash-set.js";
import { DataTree } from "../../../coordinator/data-tree.js";

it("orders a session's ephemerals as ZooKeeper's getEphemerals (a clone of the session's HashSet) does", () => {
  const t = new DataTree();
  const open = [{ perms: 31, id: { scheme: "world", id: "anyone" } }];
  const base = "/epfixture1";
  t.createNode(base, null, open, 0n, -1, 1, 1);
  let z = 2;
  for (const n of ["zk", "broker-1", "broker-2", "lock-0000000003", "a", "bb", "ccc", "node", "n1", "n2", "x9"]) {
    t.createNode(`${base}/${n}`, null, open, 7n, -1, z++, 1);
  }
  expect(t.ephemeralsOf(7n).map((p) => p.slice(base.length))).toEqual(["/broker-2", "/broker-1", "/n1", "/ccc", "/n2", "/a", "/bb", "/node", "/zk", "/lock-0000000003", "/x9"]);
});

it("grows by load factor and keeps insertion order within a bucket", () => {
  const s = new JavaHashSet(8);
  for (const n of ["a", "b", "c"]) s.add(n);
  expect(s.values()).toEqual(["a", "b", "c"]);
  s.delete("b");
  s.add("b");
  expect(s.values()).toEqual(["a", "b", "c"]); // separate buckets: order is by bucket
  expect([...s]).toEqual(s.values());
  expect(s.clone().values().sort()).toEqual(["a", "b", "c"]);
});
