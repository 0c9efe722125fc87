@echo off
rem Kafka's kafka-mirror-maker.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-mirror-maker.js" %*
