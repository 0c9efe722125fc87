@echo off
rem Kafka's kafka-server-start.bat: server.properties [--override property=value]*
IF [%1] EQU [] (
	echo USAGE: %0 server.properties [--override property=value]*
	EXIT /B 1
)
node "%~dp0..\..\dist\broker\main.js" %*
