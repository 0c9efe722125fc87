#!/usr/bin/env bash
# Consumer-group benchmark: our coordinator (Apache ZooKeeper 3.8 when the coordinator is not built)
# and one broker (group.initial.rebalance.delay.ms=3000, Kafka's default) on free ports in a temp dir.
#   1. stabilization: a Stable group of MEMBERS kafkajs consumers, one more joins; time until every
#      member has its new assignment (scripts/bench-group-join.ts), for heartbeat intervals
#      HEARTBEATS (existing members learn of the rebalance from a heartbeat answer).
#   2. throughput: COUNT 100-byte messages in a 3-partition topic, consumed by a 3-member group of
#      kbench (librdkafka) consumers (`kbench consume --group`), each reading one partition's worth;
#      aggregate msgs/s = messages read by the three / the slowest member's time (each member's
#      clock starts at its first message). A 1-member group and a group-less consume for reference.
# Each figure is the median of RUNS runs. Prints a Markdown table.
#
#   bash scripts/bench-groups.sh            # build first: npx tsc -p tsconfig.json
#   RUNS=1 COUNT=300000 MEMBERS=10 bash scripts/bench-groups.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-3}"
COUNT="${COUNT:-1500000}"
MEMBERS="${MEMBERS:-10}"
HEARTBEATS="${HEARTBEATS:-100,500,3000}"
TOOLS="${TOOLS_BIN:-$ROOT/../shared/tools/bin}"
[ -x "$TOOLS/kbench" ] || TOOLS=/tmp/shared-tools-bin
if [ ! -x "$TOOLS/kbench" ]; then
  TOOLS="$(bash "$ROOT/../shared/tools/build.sh" 2>&1 | sed -n 's/.*built \(.*\)\/zkbench.*/\1/p' | tail -1)"
fi
KBENCH="$TOOLS/kbench"
[ -x "$KBENCH" ] || { echo "kbench not found (bash ../shared/tools/build.sh)" >&2; exit 1; }
[ -f "$ROOT/dist/broker/main.js" ] && [ -f "$ROOT/dist/scripts/bench-group-join.js" ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }

WORK="$(mktemp -d /tmp/bench-groups-XXXXXX)"
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
  rm -rf "$WORK"
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
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | tail -1; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

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
cat > "$WORK/server.properties" <<PROPS
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
log.dirs=$WORK/kafka-logs
num.partitions=1
zookeeper.connect=127.0.0.1:$ZK_PORT
offsets.topic.replication.factor=1
group.initial.rebalance.delay.ms=3000
PROPS
LOG_FORMAT=json node "$ROOT/dist/broker/main.js" "$WORK/server.properties" > "$WORK/broker.log" 2>&1 &
PIDS+=("$!")
wait_for "$WORK/broker.log" "started (kafka.server.KafkaServer)" 60
B="127.0.0.1:$KAFKA_PORT"

# ---- 1. stabilization after one member joins ----
echo "stabilization: $MEMBERS kafkajs members + 1 joining, heartbeat intervals $HEARTBEATS ms, $RUNS runs" >&2
JOIN_OUT="$(node "$ROOT/dist/scripts/bench-group-join.js" "$B" "$MEMBERS" "$RUNS" "$HEARTBEATS")"

# ---- 2. consume throughput through a 3-member group ----
TOPIC="bench-groups-$(date +%s%N)"
"$KBENCH" produce --brokers "$B" --topic "$TOPIC" --partitions 3 --count "$COUNT" --size 100 --acks 1 --linger-ms 5 --timeout-s 300 > "$WORK/produce.out" 2>&1
echo "produced: $(tail -1 "$WORK/produce.out")" >&2
MIN=""
for p in 0 1 2; do
  last="$(kcat -b "$B" -C -t "$TOPIC" -p "$p" -o -1 -c 1 -e -q -f '%o\n')"
  n=$((last + 1))
  echo "partition $p: $n messages" >&2
  if [ -z "$MIN" ] || [ "$n" -lt "$MIN" ]; then MIN=$n; fi
done

declare -a G3 G1 G0
for r in $(seq 1 "$RUNS"); do
  g="bench-g3-$r-$$"
  for m in 1 2 3; do
    "$KBENCH" consume --brokers "$B" --topic "$TOPIC" --count "$MIN" --group "$g" --timeout-s 300 > "$WORK/g3-$r-$m.out" 2>&1 &
    PIDS+=("$!")
  done
  wait "${PIDS[@]: -3}" || true
  secs=0; msgs=0
  for m in 1 2 3; do
    line="$(tail -1 "$WORK/g3-$r-$m.out")"
    echo "  3-member group run $r member $m: $line" >&2
    s="$(echo "$line" | field secs)"; n="$(echo "$line" | field msgs)"
    [ -n "$s" ] && [ -n "$n" ] || continue
    msgs=$((msgs + n))
    secs="$(awk -v a="$secs" -v b="$s" 'BEGIN{print (b>a)?b:a}')"
  done
  G3+=("$(awk -v n="$msgs" -v s="$secs" 'BEGIN{ if (s>0) printf "%.0f", n/s }')")
  out="$("$KBENCH" consume --brokers "$B" --topic "$TOPIC" --count "$((MIN * 3))" --group "bench-g1-$r-$$" --timeout-s 300 2>&1 | tail -1)"
  echo "  1-member group run $r: $out" >&2
  G1+=("$(echo "$out" | field msgs_per_s)")
  out="$("$KBENCH" consume --brokers "$B" --topic "$TOPIC" --count "$((MIN * 3))" --timeout-s 300 2>&1 | tail -1)"
  echo "  no group run $r: $out" >&2
  G0+=("$(echo "$out" | field msgs_per_s)")
done

echo
echo "Consumer groups on $(nproc) cores, ZooKeeper: $ZK_KIND, median of $RUNS runs"
echo
echo "| measurement | result |"
echo "|---|---|"
while read -r line; do
  hb="$(echo " $line" | field heartbeat_ms)"; st="$(echo " $line" | field stabilize_ms)"; mn="$(echo " $line" | field min_ms)"; mx="$(echo " $line" | field max_ms)"
  echo "| $MEMBERS-member group, 1 joins: all 11 reassigned (kafkajs, heartbeat ${hb} ms) | ${st} ms (min ${mn}, max ${mx}) |"
done <<< "$JOIN_OUT"
echo "| consume 100 B, 3-member group (3 x kbench --group, 1 partition each) | $(printf '%s\n' "${G3[@]}" | grep -v '^$' | median) msgs/s aggregate |"
echo "| consume 100 B, 1-member group (kbench --group) | $(printf '%s\n' "${G1[@]}" | grep -v '^$' | median) msgs/s |"
echo "| consume 100 B, no group (kbench) | $(printf '%s\n' "${G0[@]}" | grep -v '^$' | median) msgs/s |"
