@echo off
rem Kafka's kafka-configs.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-configs.js" %*
