#!/usr/bin/env bash
# Kafka's kafka-log-dirs.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-log-dirs.js" "$@"
