@echo off
rem Kafka's kafka-run-class.bat ClassName [args]: maps the Kafka classes we implement to our tools.
set CLASS=%1
shift
set TOOL=
if "%CLASS%"=="kafka.admin.TopicCommand" set TOOL=cli\kafka-topics.js
if "%CLASS%"=="org.apache.kafka.tools.TopicCommand" set TOOL=cli\kafka-topics.js
if "%CLASS%"=="kafka.tools.ConsoleProducer" set TOOL=cli\kafka-console-producer.js
if "%CLASS%"=="kafka.tools.ConsoleConsumer" set TOOL=cli\kafka-console-consumer.js
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
