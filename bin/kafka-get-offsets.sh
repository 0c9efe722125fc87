#!/usr/bin/env bash
# Kafka's kafka-get-offsets.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-get-offsets.js" "$@"
