#!/usr/bin/env bash
# Kafka's kafka-run-class.sh <ClassName> [args]: maps the Kafka classes we implement to our tools.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]"
  exit 1
fi
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon|-loggc) shift ;;
    -name) shift 2 ;;
    *) break ;;
  esac
done
class="$1"; shift
dist="$(dirname "$0")/../dist"
case "$class" in
  kafka.admin.TopicCommand|org.apache.kafka.tools.TopicCommand) tool=cli/kafka-topics.js ;;
  kafka.tools.ConsoleProducer|org.apache.kafka.tools.ConsoleProducer) tool=cli/kafka-console-producer.js ;;
  kafka.tools.ConsoleConsumer|org.apache.kafka.tools.consumer.ConsoleConsumer) tool=cli/kafka-console-consumer.js ;;
  org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka|org.apache.zookeeper.ZooKeeperMain) tool=cli/zookeeper-shell.js ;;
  kafka.admin.ConfigCommand) tool=cli/kafka-configs.js ;;
  kafka.tools.GetOffsetShell|org.apache.kafka.tools.GetOffsetShell) tool=cli/kafka-get-offsets.js ;;
  kafka.tools.DumpLogSegments) tool=cli/kafka-dump-log.js ;;
  kafka.tools.MirrorMaker) tool=cli/kafka-mirror-maker.js ;;
  kafka.admin.DeleteRecordsCommand|org.apache.kafka.tools.DeleteRecordsCommand) tool=cli/kafka-delete-records.js ;;
  kafka.admin.LogDirsCommand|org.apache.kafka.tools.LogDirsCommand) tool=cli/kafka-log-dirs.js ;;
  kafka.admin.BrokerApiVersionsCommand) tool=cli/kafka-broker-api-versions.js ;;
  org.apache.kafka.tools.ProducerPerformance) tool=cli/kafka-producer-perf-test.js ;;
  kafka.tools.ConsumerPerformance|org.apache.kafka.tools.ConsumerPerformance) tool=cli/kafka-consumer-perf-test.js ;;
  kafka.admin.ConsumerGroupCommand|org.apache.kafka.tools.consumer.group.ConsumerGroupCommand) tool=cli/kafka-consumer-groups.js ;;
  kafka.Kafka) tool=broker/main.js ;;
  org.apache.zookeeper.server.quorum.QuorumPeerMain) tool=coordinator/main.js ;;
  *)
    echo "Error: Could not find or load main class $class" >&2
    exit 1 ;;
esac
if [ ! -f "$dist/$tool" ]; then
  echo "Error: Could not find or load main class $class ($dist/$tool is not built)" >&2
  exit 1
fi
exec node "$dist/$tool" "$@"
