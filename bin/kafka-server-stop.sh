#!/usr/bin/env bash
# Kafka's kafka-server-stop.sh: SIGTERM (clean shutdown) to the brokers started from this
# installation (matched by their entry point, dist/broker/main.js). With a properties file
# argument (our addition), only the broker started with that file is stopped.
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
pattern="$base_dir/dist/broker/main.js"
if [ $# -ge 1 ]; then pattern="$pattern $1"; fi
PIDS=$(ps ax -o pid= -o args= | grep -F -- "$pattern" | grep -v grep | awk '{print $1}')
if [ -z "$PIDS" ]; then
  echo "No kafka server to stop"
  exit 1
fi
kill -s TERM $PIDS
