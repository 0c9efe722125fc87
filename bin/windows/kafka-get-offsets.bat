@echo off
rem Kafka's kafka-get-offsets.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-get-offsets.js" %*
