@echo off
rem Kafka's kafka-console-producer.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-console-producer.js" %*
