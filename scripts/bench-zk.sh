#!/usr/bin/env bash
# Benchmark: Apache ZooKeeper 3.8 (Debian package) vs our coordinator, side by side, same machine,
# same client (../shared/tools zkbench, libzookeeper-mt), fsync on in both (forceSync=yes).
#
#   scripts/bench-zk.sh                      # full table: create|set|get x inflight 1|16|128, 3 runs, median
#   OPS=20000 OPS_SERIAL=3000 RUNS=3 WARMUP=5000 OPS_LIST="create set get" INFLIGHT_LIST="1 16 128" scripts/bench-zk.sh
#
# Each server gets a fresh temp dataDir and a free port on 127.0.0.1; both are stopped (by PID) and
# their dirs removed on exit. Prints a Markdown table: op, inflight, ops/s for each, ratio
# (ours / zk), p99 latency (µs) for each. A run that fails is reported as "err".
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED_TOOLS="$(cd "$ROOT/.." && pwd)/shared/tools"
[ -d "$SHARED_TOOLS" ] || SHARED_TOOLS=/work/shared/tools
OPS="${OPS:-20000}"                 # ops per run at inflight > 1
OPS_SERIAL="${OPS_SERIAL:-3000}"    # ops per run at inflight 1 (one fsync per write)
RUNS="${RUNS:-3}"
OPS_LIST="${OPS_LIST:-create set get}"
INFLIGHT_LIST="${INFLIGHT_LIST:-1 16 128}"
SIZE="${SIZE:-100}"
ZK_HEAP="${ZK_HEAP:-512m}"

ZKBENCH=""
for d in "${TOOLS_BIN:-}" "$SHARED_TOOLS/bin" /tmp/shared-tools-bin; do
  if [ -n "$d" ] && [ -x "$d/zkbench" ]; then ZKBENCH="$d/zkbench"; break; fi
done
if [ -z "$ZKBENCH" ]; then
  echo "bench-zk: building the load generators (bash $SHARED_TOOLS/build.sh)" >&2
  out="$(bash "$SHARED_TOOLS/build.sh" | tail -1)"
  for d in "$SHARED_TOOLS/bin" /tmp/shared-tools-bin; do [ -x "$d/zkbench" ] && ZKBENCH="$d/zkbench" && break; done
  [ -n "$ZKBENCH" ] || { echo "bench-zk: zkbench not found after build: $out" >&2; exit 1; }
fi

OURS_MAIN="$ROOT/dist/coordinator/main.js"
HAVE_OURS=1
[ -f "$OURS_MAIN" ] || { HAVE_OURS=0; echo "bench-zk: $OURS_MAIN missing (run npx tsc -p tsconfig.json); measuring ZooKeeper only" >&2; }

WORK="$(mktemp -d /tmp/bench-zk.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_for() { # file pattern seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench-zk: timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; return 1
}

# --- Apache ZooKeeper 3.8 ---------------------------------------------------------------------
ZK_PORT="$(free_port)"
mkdir -p "$WORK/zk/data"
cat > "$WORK/zk/zoo.cfg" <<EOF
tickTime=2000
dataDir=$WORK/zk/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
forceSync=yes
EOF
java -Xmx"$ZK_HEAP" -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
  -cp "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar" \
  org.apache.zookeeper.server.ZooKeeperServerMain "$WORK/zk/zoo.cfg" > "$WORK/zk/server.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/zk/server.log" "binding to port" 60

# --- ours ---------------------------------------------------------------------------------------
if [ "$HAVE_OURS" = 1 ]; then
  OURS_PORT="$(free_port)"
  mkdir -p "$WORK/ours/data"
  cat > "$WORK/ours/zookeeper.properties" <<EOF
tickTime=2000
dataDir=$WORK/ours/data
clientPort=$OURS_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
forceSync=yes
EOF
  node ${OURS_NODE_FLAGS:-} "$OURS_MAIN" "$WORK/ours/zookeeper.properties" > "$WORK/ours/server.log" 2>&1 &
  PIDS+=($!)
  wait_for "$WORK/ours/server.log" "binding to port" 30
fi

# one zkbench run: prints "ops_per_s p99_us" or "err err"
bench() { # port op inflight ops
  local line
  if line="$("$ZKBENCH" --server "127.0.0.1:$1" --op "$2" --inflight "$3" --size "$SIZE" --ops "$4" --timeout-s 300 2>"$WORK/zkbench.err" | tail -1)"; then
    echo "$line" | sed -E 's/.*ops_per_s=([0-9.]+).* p99_us=([0-9]+).*/\1 \2/'
  else
    echo "bench-zk: zkbench failed ($1 $2 $3): $line $(tail -3 "$WORK/zkbench.err")" >&2
    echo "err err"
  fi
}
median() { tr ' ' '\n' | grep -v '^$' | grep -v err | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "err"; else print a[int((NR+1)/2)]}'; }

# untimed warm-up of both servers (JIT, page cache, preallocated log), so the first cells are not cold
WARMUP="${WARMUP:-5000}"
if [ "$WARMUP" -gt 0 ]; then
  for op in create set get; do
    bench "$ZK_PORT" "$op" 16 "$WARMUP" > /dev/null
    [ "$HAVE_OURS" = 1 ] && bench "$OURS_PORT" "$op" 16 "$WARMUP" > /dev/null
  done
fi

printf '\n| op | inflight | ZooKeeper 3.8 ops/s | ours ops/s | ours/zk | ZooKeeper p99 (µs) | ours p99 (µs) |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for op in $OPS_LIST; do
  for inf in $INFLIGHT_LIST; do
    n="$OPS"; [ "$inf" = 1 ] && n="$OPS_SERIAL"
    zk_t=""; zk_p=""; us_t=""; us_p=""
    for ((r = 0; r < RUNS; r++)); do
      read -r t p < <(bench "$ZK_PORT" "$op" "$inf" "$n"); zk_t+="$t "; zk_p+="$p "
      if [ "$HAVE_OURS" = 1 ]; then read -r t p < <(bench "$OURS_PORT" "$op" "$inf" "$n"); us_t+="$t "; us_p+="$p "; fi
    done
    zt="$(echo "$zk_t" | median)"; zp="$(echo "$zk_p" | median)"
    if [ "$HAVE_OURS" = 1 ]; then
      ut="$(echo "$us_t" | median)"; up="$(echo "$us_p" | median)"
      ratio="$(awk -v a="$ut" -v b="$zt" 'BEGIN { if (a == "err" || b == "err" || b == 0) print "n/a"; else printf "%.2fx", a / b }')"
    else ut="n/a"; up="n/a"; ratio="n/a"; fi
    fmt() { awk -v v="$1" 'BEGIN { if (v ~ /^[0-9.]+$/) printf "%d", v; else print v }'; }
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$op" "$inf" "$(fmt "$zt")" "$(fmt "$ut")" "$ratio" "$(fmt "$zp")" "$(fmt "$up")"
  done
done
printf '\n(%s runs per cell, median, after a %s-op warm-up per op; %s ops per run at inflight>1, %s at inflight 1; %s-byte data; forceSync=yes in both; zkbench %s; load average %s)\n' \
  "$RUNS" "$WARMUP" "$OPS" "$OPS_SERIAL" "$SIZE" "$ZKBENCH" "$(cut -d' ' -f1-3 /proc/loadavg)"
