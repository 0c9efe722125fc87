#!/usr/bin/env bash
# Kafka's kafka-mirror-maker.sh: runs our TypeScript implementation (build first: npm run build).
export LOG_FORMAT="${LOG_FORMAT:-pretty}"  # log4j-like lines, as Kafka's tools print, also when redirected
exec node "$(dirname "$0")/../dist/cli/kafka-mirror-maker.js" "$@"
