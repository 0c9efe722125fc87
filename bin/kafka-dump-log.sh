#!/usr/bin/env bash
# Kafka's kafka-dump-log.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-dump-log.js" "$@"
