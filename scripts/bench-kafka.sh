#!/usr/bin/env bash
# Broker benchmark: our coordinator (Apache ZooKeeper 3.8 when the coordinator is not built) and one
# broker on free ports in a temp dir, the machine's raw sequential write bandwidth measured in the
# same run (dd, fdatasync), then kbench (librdkafka, ../shared/tools) on one partition:
#   produce 100-byte values acks=1 and acks=all (msgs/s), 1 KB and 10 KB values (MB/s),
#   consume (msgs/s), end-to-end latency (one message at a time, p50/p99).
# Each figure is the median of RUNS runs (default 3). Prints a table and writes it into
# docs/performance-broker.md (set WRITE_DOC=0 to skip).
#
#   bash scripts/bench-kafka.sh                 # build first: npx tsc -p tsconfig.json
#   RUNS=1 COUNT=300000 bash scripts/bench-kafka.sh
#   PROFILE=1 bash scripts/bench-kafka.sh       # broker under node --cpu-prof (profile in the temp dir, kept)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-3}"
COUNT="${COUNT:-1000000}"           # 100-byte messages per produce/consume run
COUNT_1K="${COUNT_1K:-200000}"
COUNT_10K="${COUNT_10K:-20000}"
LAT_COUNT="${LAT_COUNT:-10000}"
DD_MB="${DD_MB:-1024}"
WRITE_DOC="${WRITE_DOC:-1}"
TOOLS="${TOOLS_BIN:-$ROOT/../shared/tools/bin}"
[ -x "$TOOLS/kbench" ] || TOOLS=/tmp/shared-tools-bin
if [ ! -x "$TOOLS/kbench" ]; then
  bash "$ROOT/../shared/tools/build.sh" >&2
  TOOLS="$(bash "$ROOT/../shared/tools/build.sh" 2>&1 | sed -n 's/.*built \(.*\)\/zkbench.*/\1/p' | tail -1)"
fi
KBENCH="$TOOLS/kbench"
[ -x "$KBENCH" ] || { echo "kbench not found (bash ../shared/tools/build.sh)" >&2; exit 1; }
[ -f "$ROOT/dist/broker/main.js" ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }

WORK="$(mktemp -d /tmp/bench-kafka-XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    alive=0
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${PROFILE:-0}" = "1" ]; then echo "profiles kept in $WORK/prof" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # file pattern seconds
  local i=0
  until grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt $(($3 * 10)) ] && { echo "timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1; }
    sleep 0.1
  done
}

# ---- raw sequential write bandwidth of the disk holding the log dir ----
DD_OUT="$(dd if=/dev/zero of="$WORK/dd.bin" bs=1M count="$DD_MB" conv=fdatasync 2>&1 | tail -1)"
rm -f "$WORK/dd.bin"
DD_MBPS="$(echo "$DD_OUT" | awk -F, '{print $NF}' | sed 's/^ *//')"

# ---- ZooKeeper: our coordinator, else Apache ZooKeeper 3.8 ----
ZK_PORT="$(free_port)"
mkdir -p "$WORK/zk"
if [ -f "$ROOT/dist/coordinator/main.js" ] && [ "${ZK:-coordinator}" = "coordinator" ]; then
  ZK_KIND="kafka-ts coordinator"
  printf 'dataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n' "$WORK/zk" "$ZK_PORT" > "$WORK/zookeeper.properties"
  LOG_FORMAT=json node "$ROOT/dist/coordinator/main.js" "$WORK/zookeeper.properties" > "$WORK/zk.log" 2>&1 &
else
  ZK_KIND="Apache ZooKeeper 3.8"
  printf 'tickTime=2000\ndataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n' "$WORK/zk" "$ZK_PORT" > "$WORK/zoo.cfg"
  java -Xmx256m -XX:+UseSerialGC -cp /etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$WORK/zoo.cfg" > "$WORK/zk.log" 2>&1 &
fi
PIDS+=("$!")
wait_for "$WORK/zk.log" "binding to port" 30

# ---- one broker ----
KAFKA_PORT="$(free_port)"
cat > "$WORK/server.properties" <<EOF
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
log.dirs=$WORK/kafka-logs
num.partitions=1
zookeeper.connect=127.0.0.1:$ZK_PORT
offsets.topic.replication.factor=1
log.segment.bytes=1073741824
EOF
NODE_ARGS=()
if [ "${PROFILE:-0}" = "1" ]; then mkdir -p "$WORK/prof"; NODE_ARGS=(--cpu-prof --cpu-prof-dir "$WORK/prof"); fi
LOG_FORMAT=json node "${NODE_ARGS[@]}" "$ROOT/dist/broker/main.js" "$WORK/server.properties" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
PIDS+=("$BROKER_PID")
wait_for "$WORK/broker.log" "started (kafka.server.KafkaServer)" 60
B="127.0.0.1:$KAFKA_PORT"

new_topic() { # runs in $(...): a unique name without shared counters
  local t="bench-$1-$(date +%s%N)"
  node "$ROOT/dist/cli/kafka-topics.js" --bootstrap-server "$B" --create --topic "$t" --partitions 1 --replication-factor 1 > /dev/null
  echo "$t"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | tail -1; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A RES
run_case() { # name kbench-args... ; records msgs_per_s and mb_per_s medians
  local name="$1"; shift
  local msgs=() mbs=()
  for r in $(seq 1 "$RUNS"); do
    local out
    out="$("$KBENCH" "$@" --timeout-s 300 2>"$WORK/kbench.err" | tail -1)" || { echo "kbench failed: $name: $(cat "$WORK/kbench.err")" >&2; out=""; }
    echo "  $name run $r: $out" >&2
    msgs+=("$(echo "$out" | field msgs_per_s)"); mbs+=("$(echo "$out" | field mb_per_s)")
  done
  RES["$name.msgs"]="$(printf '%s\n' "${msgs[@]}" | grep -v '^$' | median)"
  RES["$name.mb"]="$(printf '%s\n' "${mbs[@]}" | grep -v '^$' | median)"
}

echo "raw disk: $DD_OUT" >&2
# warm-up (JIT, page cache, connections), not recorded
"$KBENCH" produce --brokers "$B" --topic "$(new_topic warmup)" --count "$((COUNT / 4))" --size 100 --acks 1 --linger-ms 5 --timeout-s 300 > /dev/null 2>&1 || true
CONSUME_TOPICS=()
for r in $(seq 1 "$RUNS"); do CONSUME_TOPICS+=("$(new_topic p100)"); done
# produce 100 B acks=1: each run into its own topic, reused by the consume runs
msgs=(); mbs=()
for r in $(seq 1 "$RUNS"); do
  out="$("$KBENCH" produce --brokers "$B" --topic "${CONSUME_TOPICS[$((r - 1))]}" --count "$COUNT" --size 100 --acks 1 --linger-ms 5 --timeout-s 300 2>"$WORK/kbench.err" | tail -1)" || echo "kbench failed: $(cat "$WORK/kbench.err")" >&2
  echo "  produce-100B-acks1 run $r: $out" >&2
  msgs+=("$(echo "$out" | field msgs_per_s)"); mbs+=("$(echo "$out" | field mb_per_s)")
done
RES[p1.msgs]="$(printf '%s\n' "${msgs[@]}" | grep -v '^$' | median)"; RES[p1.mb]="$(printf '%s\n' "${mbs[@]}" | grep -v '^$' | median)"

msgs=(); mbs=()
for r in $(seq 1 "$RUNS"); do
  out="$("$KBENCH" consume --brokers "$B" --topic "${CONSUME_TOPICS[$((r - 1))]}" --count "$COUNT" --timeout-s 300 2>"$WORK/kbench.err" | tail -1)" || echo "kbench failed: $(cat "$WORK/kbench.err")" >&2
  echo "  consume run $r: $out" >&2
  msgs+=("$(echo "$out" | field msgs_per_s)"); mbs+=("$(echo "$out" | field mb_per_s)")
done
RES[c.msgs]="$(printf '%s\n' "${msgs[@]}" | grep -v '^$' | median)"; RES[c.mb]="$(printf '%s\n' "${mbs[@]}" | grep -v '^$' | median)"

run_case pall produce --brokers "$B" --topic "$(new_topic pall)" --count "$COUNT" --size 100 --acks all --linger-ms 5
run_case p1k produce --brokers "$B" --topic "$(new_topic p1k)" --count "$COUNT_1K" --size 1000 --acks 1 --linger-ms 5
run_case p10k produce --brokers "$B" --topic "$(new_topic p10k)" --count "$COUNT_10K" --size 10000 --acks 1 --linger-ms 5

p50s=(); p99s=(); lrates=()
for r in $(seq 1 "$RUNS"); do
  out="$("$KBENCH" latency --brokers "$B" --topic "$(new_topic lat)" --count "$LAT_COUNT" --size 100 --acks 1 --timeout-s 300 2>"$WORK/kbench.err" | tail -1)" || echo "kbench failed: $(cat "$WORK/kbench.err")" >&2
  echo "  latency run $r: $out" >&2
  p50s+=("$(echo "$out" | field p50_us)"); p99s+=("$(echo "$out" | field p99_us)"); lrates+=("$(echo "$out" | field msgs_per_s)")
done
RES[l.p50]="$(printf '%s\n' "${p50s[@]}" | grep -v '^$' | median)"; RES[l.p99]="$(printf '%s\n' "${p99s[@]}" | grep -v '^$' | median)"; RES[l.rate]="$(printf '%s\n' "${lrates[@]}" | grep -v '^$' | median)"

fmt() { printf '%.0f' "${1:-0}" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
NCPU="$(nproc)"
TABLE="$(cat <<EOF
| case (1 broker, 1 partition, kbench/librdkafka, median of $RUNS) | result | target |
|---|---|---|
| produce 100 B, acks=1 | $(fmt "${RES[p1.msgs]}") msgs/s (${RES[p1.mb]} MB/s) | ≥ 1,000,000 msgs/s |
| produce 100 B, acks=all | $(fmt "${RES[pall.msgs]}") msgs/s (${RES[pall.mb]} MB/s) | |
| produce 1 KB, acks=1 | ${RES[p1k.mb]} MB/s ($(fmt "${RES[p1k.msgs]}") msgs/s) | |
| produce 10 KB, acks=1 | ${RES[p10k.mb]} MB/s ($(fmt "${RES[p10k.msgs]}") msgs/s) | |
| consume 100 B | $(fmt "${RES[c.msgs]}") msgs/s (${RES[c.mb]} MB/s) | ≥ 2,000,000 msgs/s |
| end-to-end latency, one message at a time (${RES[l.rate]} msgs/s achieved) | p50 ${RES[l.p50]} µs, p99 ${RES[l.p99]} µs | |
| raw sequential write (dd bs=1M count=$DD_MB conv=fdatasync) | $DD_MBPS | for scale |
EOF
)"
echo
echo "Machine: $CPU, $NCPU cores; ZooKeeper: $ZK_KIND; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$TABLE"

if [ "$WRITE_DOC" = "1" ]; then
  DOC="$ROOT/docs/performance-broker.md"
  mkdir -p "$ROOT/docs"
  SECTION="$WORK/section.md"
  {
    echo "<!-- bench:begin (written by scripts/bench-kafka.sh; edit outside these markers) -->"
    echo "Machine: $CPU, $NCPU cores. ZooKeeper: $ZK_KIND. Run: $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "$TABLE"
    echo "<!-- bench:end -->"
  } > "$SECTION"
  if [ -f "$DOC" ] && grep -q '<!-- bench:begin' "$DOC"; then
    awk -v f="$SECTION" '/<!-- bench:begin/ {while ((getline l < f) > 0) print l; skip=1; next} /<!-- bench:end/ {skip=0; next} !skip' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
  else
    {
      echo "# Broker performance"
      echo
      echo 'Measured with `bash scripts/bench-kafka.sh` (after `npx tsc -p tsconfig.json` and'
      echo '`bash ../shared/tools/build.sh`): one broker and its ZooKeeper on free ports in a temp dir, on the'
      echo 'same machine as the load generator, `kbench` (librdkafka) over loopback. Produce runs use'
      echo "linger 5 ms and librdkafka's default batch size; consume reads from the start of the partition"
      echo 'without a group; latency sends one message at a time and waits until an in-process consumer'
      echo 'receives it. Each row is the median of the runs. The raw disk bandwidth is measured in the same'
      echo 'run for scale.'
      echo
      cat "$SECTION"
      echo
      echo 'Reproduce: `RUNS=3 bash scripts/bench-kafka.sh` (`PROFILE=1` runs the broker under'
      echo '`node --cpu-prof` and keeps the profile).'
    } > "$DOC"
  fi
  echo "wrote $DOC" >&2
fi
