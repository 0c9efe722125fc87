#!/usr/bin/env bash
# Kafka's kafka-configs.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-configs.js" "$@"
