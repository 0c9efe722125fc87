@echo off
rem Kafka's kafka-run-class.bat ClassName [args]: maps the Kafka classes we implement to our tools.
set CLASS=%1
shift
set TOOL=
if "%CLASS%"=="kafka.admin.TopicCommand" set TOOL=cli\kafka-topics.js
if "%CLASS%"=="org.apache.kafka.tools.TopicCommand" set TOOL=cli\kafka-topics.js
if "%CLASS%"=="kafka.tools.ConsoleProducer" set TOOL=cli\kafka-console-producer.js
if "%CLASS%"=="kafka.tools.ConsoleConsumer" set TOOL=cli\kafka-console-consumer.js
if "%CLASS%"=="org.apache.kafka.tools.consumer.ConsoleConsumer" set TOOL=cli\kafka-console-consumer.js
if "%CLASS%"=="org.apache.kafka.tools.ConsoleProducer" set TOOL=cli\kafka-console-producer.js
if "%CLASS%"=="org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka" set TOOL=cli\zookeeper-shell.js
if "%CLASS%"=="org.apache.zookeeper.ZooKeeperMain" set TOOL=cli\zookeeper-shell.js
if "%CLASS%"=="kafka.admin.ConfigCommand" set TOOL=cli\kafka-configs.js
if "%CLASS%"=="kafka.tools.GetOffsetShell" set TOOL=cli\kafka-get-offsets.js
if "%CLASS%"=="org.apache.kafka.tools.GetOffsetShell" set TOOL=cli\kafka-get-offsets.js
if "%CLASS%"=="kafka.tools.DumpLogSegments" set TOOL=cli\kafka-dump-log.js
if "%CLASS%"=="kafka.tools.MirrorMaker" set TOOL=cli\kafka-mirror-maker.js
if "%CLASS%"=="kafka.admin.DeleteRecordsCommand" set TOOL=cli\kafka-delete-records.js
if "%CLASS%"=="org.apache.kafka.tools.DeleteRecordsCommand" set TOOL=cli\kafka-delete-records.js
if "%CLASS%"=="kafka.admin.LogDirsCommand" set TOOL=cli\kafka-log-dirs.js
if "%CLASS%"=="org.apache.kafka.tools.LogDirsCommand" set TOOL=cli\kafka-log-dirs.js
if "%CLASS%"=="kafka.admin.BrokerApiVersionsCommand" set TOOL=cli\kafka-broker-api-versions.js
if "%CLASS%"=="org.apache.kafka.tools.ProducerPerformance" set TOOL=cli\kafka-producer-perf-test.js
if "%CLASS%"=="kafka.tools.ConsumerPerformance" set TOOL=cli\kafka-consumer-perf-test.js
if "%CLASS%"=="org.apache.kafka.tools.ConsumerPerformance" set TOOL=cli\kafka-consumer-perf-test.js
if "%CLASS%"=="kafka.admin.ConsumerGroupCommand" set TOOL=cli\kafka-consumer-groups.js
if "%CLASS%"=="kafka.Kafka" set TOOL=broker\main.js
if "%CLASS%"=="org.apache.zookeeper.server.quorum.QuorumPeerMain" set TOOL=coordinator\main.js
if "%TOOL%"=="" (
  echo Error: Could not find or load main class %CLASS% 1>&2
  exit /b 1
)
set ARGS=
:loop
if "%~1"=="" goto run
set ARGS=%ARGS% %1
shift
goto loop
:run
node "%~dp0..\..\dist\%TOOL%" %ARGS%
