/**
 * kafka-dump-log.sh (Kafka's kafka.tools.DumpLogSegments): dumps segment files, offset and time
 * indexes and producer snapshots of a log dir in Kafka 3.x's format. The engine is
 * broker/log/dump-log.ts (owned with the log format it reads).
 */
import { LogDumper } from "../broker/log/dump-log.js";
import { HELP_OPTION, VERSION_OPTION, checkRequiredArgs, maybeHelpOrVersion, parseArgs, runTool, type OptionDef } from "./args.js";

export const DUMP_LOG_OPTIONS: OptionDef[] = [
  { name: "cluster-metadata-decoder", description: "if set, log data will be parsed as cluster metadata records." },
  { name: "deep-iteration", description: "if set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled." },
  { name: "files", description: "REQUIRED: The comma separated list of data and index log files to be dumped.", arg: { type: "String", describedAs: "file1, file2, ..." } },
  HELP_OPTION,
  { name: "index-sanity-check", description: "if set, just checks the index sanity without printing its content. This is the same check that is executed on broker startup to determine if an index needs rebuilding or not." },
  { name: "key-decoder-class", description: "if set, used to deserialize the keys. This class should implement kafka.serializer.Decoder trait. Custom jar should be available in kafka/libs directory.", arg: { type: "String", optional: true }, defaultValue: "kafka.serializer.StringDecoder" },
  { name: "max-bytes", description: "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s).", arg: { type: "Integer", describedAs: "size" }, defaultValue: "2147483647" },
  { name: "max-message-size", description: "Size of largest message.", arg: { type: "Integer", describedAs: "size" }, defaultValue: "5242880" },
  { name: "offsets-decoder", description: "if set, log data will be parsed as offset data from the __consumer_offsets topic." },
  { name: "print-data-log", description: "if set, printing the messages content when dumping data logs. Automatically set if any decoder option is specified." },
  { name: "skip-record-metadata", description: "whether to skip printing metadata for each record." },
  { name: "transaction-log-decoder", description: "if set, log data will be parsed as transaction metadata from the __transaction_state topic." },
  { name: "value-decoder-class", description: "if set, used to deserialize the messages. This class should implement kafka.serializer.Decoder trait. Custom jar should be available in kafka/libs directory.", arg: { type: "String", optional: true }, defaultValue: "kafka.serializer.StringDecoder" },
  { name: "verify-index-only", description: "if set, just verify the index log without printing its content." },
  VERSION_OPTION,
];

export async function dumpLogMain(argv: string[]): Promise<number> {
  const opts = parseArgs(DUMP_LOG_OPTIONS, argv);
  maybeHelpOrVersion(DUMP_LOG_OPTIONS, opts, "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment.");
  checkRequiredArgs(DUMP_LOG_OPTIONS, opts, "files");
  const printDataLog = ["print-data-log", "offsets-decoder", "transaction-log-decoder", "cluster-metadata-decoder", "value-decoder-class", "key-decoder-class"].some((o) => opts.has(o));
  const dumper = new LogDumper({
    printDataLog,
    deepIteration: opts.has("deep-iteration") || printDataLog,
    verifyOnly: opts.has("verify-index-only"),
    indexSanityOnly: opts.has("index-sanity-check"),
    maxMessageSize: opts.int("max-message-size")!,
    maxBytes: opts.int("max-bytes")!,
    skipRecordMetadata: opts.has("skip-record-metadata"),
    offsetsDecoder: opts.has("offsets-decoder"),
  }, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
  for (const f of opts.value("files")!.split(",")) dumper.dumpFile(f);
  dumper.printErrors();
  return 0;
}

void runTool(() => dumpLogMain(process.argv.slice(2)));
