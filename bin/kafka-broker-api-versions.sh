#!/usr/bin/env bash
# Kafka's kafka-broker-api-versions.sh: runs our TypeScript implementation (build first: npm run build).
exec node "$(dirname "$0")/../dist/cli/kafka-broker-api-versions.js" "$@"
