#!/bin/bash
# Licensed under the Apache License, Version 2.0 (see kafka-ts README).
# Kafka's zookeeper-shell.sh: zkCli with Kafka's usage line, on kafka-ts' node implementation.
if [ $# -lt 1 ];
then
	echo "USAGE: $0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]"
	exit 1
fi

exec node "$(dirname "$0")/../dist/cli/zookeeper-shell.js" -server "$@"
