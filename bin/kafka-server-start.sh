#!/usr/bin/env bash
# Kafka's kafka-server-start.sh: [-daemon] server.properties [--override property=value]*
# Runs our broker (build first: npm run build). -daemon runs it in the background with its
# output in logs/kafkaServer.out, as Kafka does.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
  exit 1
fi
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
# human-readable log lines (as Kafka's log4j output) unless asked otherwise (LOG_FORMAT=json)
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
if [ "$1" = "-daemon" ]; then
  shift
  log_dir="${LOG_DIR:-$base_dir/logs}"
  mkdir -p "$log_dir"
  nohup node "$base_dir/dist/broker/main.js" "$@" > "$log_dir/kafkaServer.out" 2>&1 < /dev/null &
  exit 0
fi
exec node "$base_dir/dist/broker/main.js" "$@"
