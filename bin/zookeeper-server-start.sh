#!/usr/bin/env bash
# Kafka's zookeeper-server-start.sh: [-daemon] zookeeper.properties
# Runs our ZooKeeper-compatible coordinator (build first: npm run build). -daemon runs it in the
# background with its (human-readable) output in logs/zookeeper.out and its pid in logs/zookeeper.pid.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] zookeeper.properties"
  exit 1
fi
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$1" = "-daemon" ]; then
  shift
  log_dir="${LOG_DIR:-$base_dir/logs}"
  mkdir -p "$log_dir"
  LOG_FORMAT="${LOG_FORMAT:-pretty}" nohup node "$base_dir/dist/coordinator/main.js" "$@" > "$log_dir/zookeeper.out" 2>&1 < /dev/null &
  echo $! > "$log_dir/zookeeper.pid"
  exit 0
fi
exec node "$base_dir/dist/coordinator/main.js" "$@"
