#!/usr/bin/env bash
# Kafka's kafka-server-stop.sh: SIGTERM (clean shutdown) to every broker started from this
# installation (matched by its exact entry point, dist/broker/main.js).
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
PIDS=$(ps ax -o pid= -o args= | grep -F "$base_dir/dist/broker/main.js" | grep -v grep | awk '{print $1}')
if [ -z "$PIDS" ]; then
  echo "No kafka server to stop"
  exit 1
fi
kill -s TERM $PIDS
