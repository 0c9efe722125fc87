#!/usr/bin/env bash
# Kafka's zookeeper-server-stop.sh: SIGTERM (clean shutdown) to the coordinator started from this
# installation (matched by its exact entry point, dist/coordinator/main.js).
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
PIDS=$(ps ax -o pid= -o args= | grep -F "$base_dir/dist/coordinator/main.js" | grep -v grep | awk '{print $1}')
if [ -z "$PIDS" ]; then
  echo "No zookeeper server to stop"
  exit 1
fi
kill -s TERM $PIDS
rm -f "${LOG_DIR:-$base_dir/logs}/zookeeper.pid"
