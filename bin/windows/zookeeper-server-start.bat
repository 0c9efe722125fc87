@echo off
rem Kafka's zookeeper-server-start.bat: zookeeper.properties
IF [%1] EQU [] (
	echo USAGE: %0 zookeeper.properties
	EXIT /B 1
)
node "%~dp0..\..\dist\coordinator\main.js" %*
