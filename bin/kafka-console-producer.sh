#!/usr/bin/env bash
# Kafka's kafka-console-producer.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-console-producer.js" "$@"
