#!/usr/bin/env bash
# Cluster benchmark: produce throughput with replication, as ratios in one run.
#   baseline  one broker (its own chroot on the same coordinator), RF=1, acks=1
#   rf3-acks1 three brokers, RF=3, acks=1
#   rf3-all   three brokers, RF=3, acks=all (min.insync.replicas=2)
# kbench (librdkafka, ../shared/tools) produces COUNT 100-byte messages to one partition with
# linger 5 ms; each figure is the median of RUNS runs. All processes run on this machine, so
# the three brokers share its cores with the load generator (Kafka's published reference,
# 820k → 420k msgs/s for 3x synchronous replication, used three machines).
#
#   npx tsc -p tsconfig.json && bash scripts/bench-cluster.sh
#   RUNS=3 COUNT=1000000 bash scripts/bench-cluster.sh
#   EXTRA_PROPS=$'replica.fetch.max.bytes=10485760' bash scripts/bench-cluster.sh   # extra broker settings
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-1}"
COUNT="${COUNT:-500000}"
TOOLS="${TOOLS_BIN:-$ROOT/../shared/tools/bin}"
[ -x "$TOOLS/kbench" ] || TOOLS=/tmp/shared-tools-bin
[ -x "$TOOLS/kbench" ] || bash "$ROOT/../shared/tools/build.sh" >&2
KBENCH="$TOOLS/kbench"
[ -x "$KBENCH" ] || { echo "kbench not found (bash ../shared/tools/build.sh)" >&2; exit 1; }
[ -f "$ROOT/dist/broker/main.js" ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }

WORK="$(mktemp -d /tmp/bench-cluster-XXXXXX)"
PIDS=()
cleanup() {
  # brokers first (they close their ZooKeeper sessions), the coordinator (PIDS[0]) last
  local zkpid="${PIDS[0]:-}"
  for p in "${PIDS[@]:1}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for i in $(seq 1 100); do
    alive=0
    for p in "${PIDS[@]:1}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  [ -n "$zkpid" ] && kill "$zkpid" 2>/dev/null || true
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
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

ZK_PORT="$(free_port)"
mkdir -p "$WORK/zk"
printf 'dataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n' "$WORK/zk" "$ZK_PORT" > "$WORK/zookeeper.properties"
LOG_FORMAT=json node "$ROOT/dist/coordinator/main.js" "$WORK/zookeeper.properties" > "$WORK/zk.log" 2>&1 &
PIDS+=("$!")
wait_for "$WORK/zk.log" "binding to port" 30

start_broker() { # id chroot; sets BOOT (not run in a subshell, so PIDS keeps the pid)
  local id="$1" chroot="$2" port name
  port="$(free_port)"
  name="$id${chroot//\//-}"
  cat > "$WORK/server-$name.properties" <<EOF
broker.id=$id
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$WORK/logs-$name
num.partitions=1
zookeeper.connect=127.0.0.1:$ZK_PORT$chroot
offsets.topic.replication.factor=1
min.insync.replicas=2
log.segment.bytes=1073741824
${EXTRA_PROPS:-}
EOF
  LOG_FORMAT=json node "$ROOT/dist/broker/main.js" "$WORK/server-$name.properties" > "$WORK/broker-$name.log" 2>&1 &
  PIDS+=("$!")
  BOOT="127.0.0.1:$port"
}

# (a missing chroot is created by the broker, as Kafka does)
start_broker 0 /single; SINGLE="$BOOT"
start_broker 0 /cluster; C0="$BOOT"
start_broker 1 /cluster; C1="$BOOT"
start_broker 2 /cluster; C2="$BOOT"
for f in "$WORK"/broker-*.log; do wait_for "$f" "started (kafka.server.KafkaServer)" 60; done
CLUSTER="$C0,$C1,$C2"

new_topic() { # bootstrap rf
  local t="bench-rf$2-$(date +%s%N)"
  node "$ROOT/dist/cli/kafka-topics.js" --bootstrap-server "$1" --create --topic "$t" --partitions 1 --replication-factor "$2" > /dev/null
  sleep 1
  echo "$t"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | tail -1; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A RES
run_case() { # name bootstrap rf acks
  local msgs=() out
  for r in $(seq 1 "$RUNS"); do
    out="$("$KBENCH" produce --brokers "$2" --topic "$(new_topic "$2" "$3")" --count "$COUNT" --size 100 --acks "$4" --linger-ms 5 --timeout-s 300 2>"$WORK/kbench.err" | tail -1)" || { echo "kbench failed: $1: $(cat "$WORK/kbench.err")" >&2; out=""; }
    echo "  $1 run $r: $out" >&2
    msgs+=("$(echo "$out" | field msgs_per_s)")
  done
  RES["$1"]="$(printf '%s\n' "${msgs[@]}" | grep -v '^$' | median)"
}

# warm-up of both setups (JIT, page cache, connections), not recorded
"$KBENCH" produce --brokers "$SINGLE" --topic "$(new_topic "$SINGLE" 1)" --count "$((COUNT / 4))" --size 100 --acks 1 --linger-ms 5 --timeout-s 300 > /dev/null 2>&1 || true
"$KBENCH" produce --brokers "$CLUSTER" --topic "$(new_topic "$CLUSTER" 3)" --count "$((COUNT / 4))" --size 100 --acks all --linger-ms 5 --timeout-s 300 > /dev/null 2>&1 || true
run_case base "$SINGLE" 1 1
run_case rf3acks1 "$CLUSTER" 3 1
run_case rf3all "$CLUSTER" 3 all

ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
fmt() { printf '%.0f' "${1:-0}"; }
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); $COUNT x 100 B, median of $RUNS"
echo "| case | msgs/s | vs 1 broker RF=1 |"
echo "|---|---|---|"
echo "| 1 broker, RF=1, acks=1 | $(fmt "${RES[base]}") | 100% |"
echo "| 3 brokers, RF=3, acks=1 | $(fmt "${RES[rf3acks1]}") | $(ratio "${RES[rf3acks1]}" "${RES[base]}") |"
echo "| 3 brokers, RF=3, acks=all | $(fmt "${RES[rf3all]}") | $(ratio "${RES[rf3all]}" "${RES[base]}") |"
