@echo off
rem Kafka's kafka-consumer-perf-test.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-consumer-perf-test.js" %*
