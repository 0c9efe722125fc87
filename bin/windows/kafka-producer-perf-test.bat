@echo off
rem Kafka's kafka-producer-perf-test.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-producer-perf-test.js" %*
