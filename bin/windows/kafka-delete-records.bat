@echo off
rem Kafka's kafka-delete-records.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-delete-records.js" %*
