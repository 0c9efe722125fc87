/** Four-letter words on the client port, in ZooKeeper 3.8's formats, gated by the whitelist. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, stopAll } from "../../helpers/procs.js";
import { call, connectClient, startCoordinator, type Client, type Coordinator } from "./coordinator-harness.js";
import { RawClient } from "./raw-client.js";

let all: Coordinator;
let dflt: Coordinator;
let c: Client;

async function fourLetter(port: number, cmd: string): Promise<string> {
  const raw = await RawClient.open(port);
  raw.write(Buffer.from(cmd));
  return raw.text();
}

beforeAll(async () => {
  [all, dflt] = await Promise.all([startCoordinator({ "4lw.commands.whitelist": "*" }), startCoordinator({ "4lw.commands.whitelist": "srvr" })]);
  c = await connectClient(all.connectString);
  await call((cb) => c.exists("/watched", () => undefined, cb));
});
afterAll(async () => {
  c.close();
  await stopAll();
  removeTempDirs();
});

describe("with all commands allowed", () => {
  it("ruok / isro", async () => {
    expect(await fourLetter(all.port, "ruok")).toBe("imok");
    expect(await fourLetter(all.port, "isro")).toBe("rw");
  });
  it("srvr and stat", async () => {
    const srvr = await fourLetter(all.port, "srvr");
    expect(srvr).toMatch(/^Zookeeper version: 3\.8\.\d+-.*, built on .*\nLatency min\/avg\/max: \d+\/[\d.]+\/\d+\nReceived: \d+\nSent: \d+\nConnections: \d+\nOutstanding: \d+\nZxid: 0x[0-9a-f]+\nMode: standalone\nNode count: \d+\n$/);
    const stat = await fourLetter(all.port, "stat");
    expect(stat).toMatch(/^Zookeeper version: .*\nClients:\n( \/127\.0\.0\.1:\d+\[[01]\]\(queued=\d+,recved=\d+,sent=\d+\)\n)+\nLatency min\/avg\/max/);
    expect(stat).toMatch(/Mode: standalone\n/);
  });
  it("mntr, conf, cons, dump, envi, dirs", async () => {
    const mntr = await fourLetter(all.port, "mntr");
    expect(mntr).toMatch(/^zk_version\t3\.8\./);
    expect(mntr).toMatch(/\nzk_server_state\tstandalone\n/);
    expect(mntr).toMatch(/\nzk_znode_count\t\d+\n/);
    expect(mntr).toMatch(/\nzk_watch_count\t1\n/);
    const conf = await fourLetter(all.port, "conf");
    expect(conf).toContain(`clientPort=${all.port}\n`);
    expect(conf).toContain(`dataDir=${all.dataDir}/version-2\n`);
    expect(conf).toMatch(/tickTime=500\nmaxClientCnxns=0\nminSessionTimeout=1000\nmaxSessionTimeout=10000\n/);
    const cons = await fourLetter(all.port, "cons");
    expect(cons).toMatch(/ \/127\.0\.0\.1:\d+\[1\]\(queued=0,recved=\d+,sent=\d+,sid=0x[0-9a-f]+,lop=\w+,est=\d+,to=4000,/);
    const dump = await fourLetter(all.port, "dump");
    expect(dump).toMatch(/^SessionTracker dump:\nSession Sets \(\d+\)\/\(\d+\):\n/);
    expect(dump).toContain("ephemeral nodes dump:\n");
    expect(await fourLetter(all.port, "envi")).toMatch(/^Environment:\nzookeeper\.version=3\.8\./);
    expect(await fourLetter(all.port, "dirs")).toMatch(/^datadir_size: \d+\nlogdir_size: \d+\n$/);
  });
  it("wchs, wchc, wchp", async () => {
    expect(await fourLetter(all.port, "wchs")).toBe("1 connections watching 1 paths\nTotal watches:1\n");
    expect(await fourLetter(all.port, "wchc")).toMatch(/^0x[0-9a-f]+\n\t\/watched\n\n$/);
    expect(await fourLetter(all.port, "wchp")).toMatch(/^\/watched\n\t0x[0-9a-f]+\n\n$/);
  });
  it("srst and crst", async () => {
    expect(await fourLetter(all.port, "srst")).toBe("Server stats reset.\n");
    expect(await fourLetter(all.port, "crst")).toBe("Connection stats reset.\n");
  });
});

describe("whitelist", () => {
  it("refuses commands outside 4lw.commands.whitelist", async () => {
    expect(await fourLetter(dflt.port, "ruok")).toBe("ruok is not executed because it is not in the whitelist.\n");
    expect(await fourLetter(dflt.port, "mntr")).toBe("mntr is not executed because it is not in the whitelist.\n");
    expect(await fourLetter(dflt.port, "srvr")).toMatch(/^Zookeeper version: /);
  });
});
