#!/usr/bin/env bash
# Kafka's kafka-delete-records.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-delete-records.js" "$@"
