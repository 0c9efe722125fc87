#!/usr/bin/env bash
# Kafka's kafka-consumer-perf-test.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-consumer-perf-test.js" "$@"
