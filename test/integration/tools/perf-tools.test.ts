/**
 * kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh on a live broker: Kafka's summary
 * line formats (the numbers are not asserted beyond counts), payload files, and argument errors;
 * plus kafka-mirror-maker.sh's argument errors (no servers needed).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Consumer } from "../../../broker/client/consumer.js";
import { Cluster } from "../../../broker/client/cluster.js";
import { startBroker, type Broker } from "../../helpers/broker.js";
import { startCoordinator, type Coordinator } from "../../helpers/coordinator.js";
import { ROOT, removeTempDirs, run, stopAll, tempDir } from "../../helpers/procs.js";

let zk: Coordinator, broker: Broker, dir: string;
const tool = (name: string, args: string[]) => run("bash", [`${ROOT}/bin/${name}.sh`, ...args], { timeoutMs: 40_000 });

beforeAll(async () => {
  zk = await startCoordinator();
  broker = await startBroker({ zkConnect: zk.connectString, overrides: { "num.partitions": 2 } });
  dir = tempDir("perf-");
}, 60_000);

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const TOTAL_LINE = /^(\d+) records sent, \d+\.\d{6} records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d{2} ms avg latency, \d+\.\d{2} ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$/;

describe("kafka-producer-perf-test", () => {
  it("sends --num-records records of --record-size and prints Kafka's summary", async () => {
    const r = await tool("kafka-producer-perf-test", ["--topic", "perf", "--num-records", "3000", "--record-size", "100", "--throughput", "-1", "--producer-props", `bootstrap.servers=${broker.bootstrap}`, "acks=1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const m = TOTAL_LINE.exec(lines[lines.length - 1]!);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]).toBe("3000");
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^\d+ records sent, \d+\.\d records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$/);
    // the records are there, 100 upper-case bytes each, spread over the topic's partitions
    const c = new Consumer(new Cluster(broker.bootstrap));
    const end = (await c.listOffset("perf", 0, -1n)) + (await c.listOffset("perf", 1, -1n));
    expect(end).toBe(3000n);
    await c.assign("perf", 0, -2n);
    const recs = await c.poll();
    await c.close();
    expect(recs[0]!.value!.toString()).toMatch(/^[A-Z]{100}$/);
  });

  it("throttles with --throughput, reads --payload-file and prints metrics", async () => {
    const f = join(dir, "payloads.txt");
    writeFileSync(f, "alpha\nbeta\ngamma\n");
    const r = await tool("kafka-producer-perf-test", ["--topic", "perf-payload", "--num-records", "40", "--payload-file", f, "--throughput", "200", "--producer-props", `bootstrap.servers=${broker.bootstrap}`, "--print-metrics"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Reading payloads from: ${f}`);
    expect(lines[1]).toBe("Number of messages read: 3");
    expect(lines[2]).toMatch(TOTAL_LINE);
    expect(lines[2]!.startsWith("40 records sent, ")).toBe(true);
    expect(r.stdout).toMatch(/\nMetric Name +Value\n/);
    expect(r.stdout).toMatch(/producer-metrics:record-send-total:\{client-id=perf-producer-client\} +: 40\.000\n/);
  });

  it("argument errors as argparse4j prints them", async () => {
    const cases: [string[], string][] = [
      [["--topic", "t", "--record-size", "10", "--throughput", "-1", "--producer-props", "bootstrap.servers=x:1"], "producer-performance: error: argument --num-records is required"],
      [["--topic", "t", "--num-records", "ten", "--record-size", "10", "--throughput", "-1", "--producer-props", "bootstrap.servers=x:1"], "producer-performance: error: argument --num-records: could not convert 'ten' to Long"],
      [["--topic", "t", "--num-records", "10", "--throughput", "-1", "--producer-props", "bootstrap.servers=x:1"], "producer-performance: error: one of the arguments --record-size --payload-file is required"],
      [["--topic", "t", "--num-records", "10", "--record-size", "10", "--payload-file", "f", "--throughput", "-1", "--producer-props", "bootstrap.servers=x:1"], "producer-performance: error: argument --payload-file: not allowed with argument --record-size"],
      [["--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput", "-1"], "producer-performance: error: Either --producer-props or --producer.config must be specified."],
      [["--topic", "t", "--bogus"], "producer-performance: error: unrecognized arguments: '--bogus'"],
    ];
    for (const [args, msg] of cases) {
      const r = await tool("kafka-producer-perf-test", args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(/^usage: producer-performance \[-h\] --topic TOPIC/);
      expect(r.stderr.trimEnd().split("\n").pop(), args.join(" ")).toContain(msg);
    }
    const help = await tool("kafka-producer-perf-test", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("This tool is used to verify the producer performance.");
    expect(help.stdout).toContain("--num-records NUM-RECORDS");
  });
});

describe("kafka-consumer-perf-test", () => {
  const HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
  const TS = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3}";

  it("consumes --messages and prints Kafka's header and CSV line", async () => {
    const r = await tool("kafka-consumer-perf-test", ["--bootstrap-server", broker.bootstrap, "--topic", "perf", "--messages", "3000"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const [h, line] = r.stdout.trimEnd().split("\n");
    expect(h).toBe(HEADER);
    const m = new RegExp(`^${TS}, ${TS}, (\\d+\\.\\d{4}), \\d+\\.\\d{4}, (\\d+), \\d+\\.\\d{4}, \\d+, \\d+, (?:[\\d.]+|Infinity), (?:[\\d.]+|Infinity)$`).exec(line!);
    expect(m, line).not.toBeNull();
    expect(m![1]).toBe((300000 / 1048576).toFixed(4));
    expect(m![2]).toBe("3000");
  });

  it("--hide-header, --show-detailed-stats, and the timeout warning", async () => {
    const r = await tool("kafka-consumer-perf-test", ["--bootstrap-server", broker.bootstrap, "--topic", "perf", "--messages", "5000", "--timeout", "1500", "--hide-header"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^WARNING: Exiting before consuming the expected number of messages: timeout \\(1500 ms\\) exceeded\\. You can use the --timeout option to increase the timeout\\.\n${TS}, ${TS}, \\d+\\.\\d{4}, \\d+\\.\\d{4}, 3000, `));
    expect(r.stderr).toBe("");
    const d = await tool("kafka-consumer-perf-test", ["--bootstrap-server", broker.bootstrap, "--topic", "perf", "--messages", "3000", "--show-detailed-stats", "--reporting-interval", "1"]);
    expect(d.code).toBe(0);
    const lines = d.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
    for (const l of lines.slice(1)) expect(l).toMatch(new RegExp(`^${TS}, 0, \\d+\\.\\d{4}, `));
  });

  it("argument errors", async () => {
    const a = await tool("kafka-consumer-perf-test", ["--bootstrap-server", broker.bootstrap, "--topic", "perf"]);
    expect(a.code).toBe(1);
    expect(a.stderr.split("\n")[0]).toBe('Missing required argument "[messages]"');
    const b = await tool("kafka-consumer-perf-test", ["--bootstrap-server", broker.bootstrap, "--topic", "perf", "--messages", "many"]);
    expect(b.code).toBe(1);
    expect(b.stderr.split("\n")[0]).toBe("Cannot parse argument 'many' of option messages");
    expect(b.stderr).toMatch(/^Option {2,}Description/m);
    const c = await tool("kafka-consumer-perf-test", ["--topic", "perf", "--messages", "1"]);
    expect(c.code).toBe(1);
    expect(c.stderr.split("\n")[0]).toBe("Missing required option(s) [bootstrap-server]");
  });
});

describe("kafka-mirror-maker argument errors", () => {
  it("required configs, include list, unknown option", async () => {
    const none = await tool("kafka-mirror-maker", []);
    expect(none.code).toBe(1);
    expect(none.stderr.split("\n")[0]).toBe("This tool helps to continuously copy data between two Kafka clusters.");
    const noProducer = await tool("kafka-mirror-maker", ["--consumer.config", "c.properties", "--include", ".*"]);
    expect(noProducer.code).toBe(1);
    expect(noProducer.stderr.split("\n")[0]).toBe('Missing required argument "[producer.config]"');
    const cp = join(dir, "c.properties");
    const pp = join(dir, "p.properties");
    writeFileSync(cp, `bootstrap.servers=${broker.bootstrap}\ngroup.id=g\n`);
    writeFileSync(pp, `bootstrap.servers=${broker.bootstrap}\n`);
    const noInclude = await tool("kafka-mirror-maker", ["--consumer.config", cp, "--producer.config", pp]);
    expect(noInclude.code).toBe(1);
    expect(noInclude.stderr).toMatch(/ERROR include list must be specified \(kafka\.tools\.MirrorMaker\$\)/);
    const noGroup = join(dir, "nogroup.properties");
    writeFileSync(noGroup, `bootstrap.servers=${broker.bootstrap}\n`);
    const g = await tool("kafka-mirror-maker", ["--consumer.config", noGroup, "--producer.config", pp, "--whitelist", ".*"]);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain("InvalidGroupIdException");
    const bad = await tool("kafka-mirror-maker", ["--consumer.config", cp, "--producer.config", pp, "--include", ".*", "--num.streams", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Cannot parse argument 'x' of option num.streams");
  });
});
