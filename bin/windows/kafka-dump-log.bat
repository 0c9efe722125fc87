@echo off
rem Kafka's kafka-dump-log.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-dump-log.js" %*
