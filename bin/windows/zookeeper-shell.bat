@echo off
rem Kafka's zookeeper-shell.bat on kafka-ts' node implementation.
IF [%1] EQU [] (
	echo USAGE: %0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]
	EXIT /B 1
)

node "%~dp0..\..\dist\cli\zookeeper-shell.js" -server %*
