#!/usr/bin/env bash
# Chaos run: three brokers on our coordinator, RF=3, min.insync.replicas=2, an idempotent kafkajs
# producer with acks=all writing steadily while the partition leader is SIGKILLed, ROUNDS times
# (default 50; the killed broker is restarted each round). Afterwards every acknowledged message
# must be readable exactly once and in order, and every replica's log must hold the same records.
# It is the suite's leader-kill test with more rounds.
#
#   npx tsc -p tsconfig.json && bash scripts/chaos-cluster.sh
#   ROUNDS=10 bash scripts/chaos-cluster.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -f dist/broker/main.js ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }
CHAOS_ROUNDS="${ROUNDS:-50}" exec npx vitest run test/integration/cluster/leader-kill.test.ts
