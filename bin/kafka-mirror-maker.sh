#!/usr/bin/env bash
# Kafka's kafka-mirror-maker.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-mirror-maker.js" "$@"
