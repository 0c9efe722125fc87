@echo off
rem Kafka's kafka-broker-api-versions.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-broker-api-versions.js" %*
