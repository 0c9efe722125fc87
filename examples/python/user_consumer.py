"""Workshop example: a kafka-python consumer that reads the JSON user registrations back.

    /usr/bin/python3 examples/python/user_consumer.py [--bootstrap-server HOST:PORT]
        [--topic users] [--group GROUP] [--name NAME] [--max-messages N]
        [--idle-seconds S] [--until-file PATH]

Without --group it reads every partition from the beginning (no offsets are committed).
With --group it joins that consumer group: it prints its partitions on every rebalance
("[NAME] assigned: [0, 2]") and commits its offsets as it goes.
It stops after --max-messages, after --idle-seconds without a message (default 10),
or, with --until-file, only once that file exists.
"""
import argparse
import json
import os
import time

from kafka import ConsumerRebalanceListener, KafkaConsumer

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--bootstrap-server", default="127.0.0.1:" + os.environ.get("KAFKA_PORT", "9092"))
parser.add_argument("--topic", default="users")
parser.add_argument("--group", default=None)
parser.add_argument("--name", default="consumer")
parser.add_argument("--max-messages", type=int, default=0)
parser.add_argument("--idle-seconds", type=float, default=10.0)
parser.add_argument("--until-file", default=None)
args = parser.parse_args()


class PrintAssignment(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked):
        pass

    def on_partitions_assigned(self, assigned):
        print("[%s] assigned: %s" % (args.name, sorted(tp.partition for tp in assigned)), flush=True)


consumer = KafkaConsumer(
    bootstrap_servers=args.bootstrap_server,
    group_id=args.group,
    client_id=args.name,
    auto_offset_reset="earliest",
    enable_auto_commit=args.group is not None,
    auto_commit_interval_ms=1000,
    session_timeout_ms=10000,
    heartbeat_interval_ms=1000,
    value_deserializer=lambda v: json.loads(v.decode()),
)
consumer.subscribe([args.topic], listener=PrintAssignment())

seen = 0
last = time.time()
while True:
    if args.until_file:
        if os.path.exists(args.until_file):
            break
    elif time.time() - last > args.idle_seconds:
        break
    if args.max_messages and seen >= args.max_messages:
        break
    for tp, records in consumer.poll(timeout_ms=200).items():
        for r in records:
            key = r.key.decode() if r.key is not None else None
            print("[%s] partition=%d offset=%d key=%s name=%s" % (args.name, r.partition, r.offset, key, r.value.get("name")), flush=True)
            seen += 1
            last = time.time()

consumer.close()  # commits the group's offsets (auto-commit) and leaves the group
print("[%s] consumed %d messages" % (args.name, seen), flush=True)
