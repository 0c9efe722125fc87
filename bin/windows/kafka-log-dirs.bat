@echo off
rem Kafka's kafka-log-dirs.bat: runs our TypeScript implementation (build first: npm run build).
node "%~dp0..\..\dist\cli\kafka-log-dirs.js" %*
