"""Workshop example: a kafka-python producer that picks the partition itself instead of
letting the partitioner hash the key: message i goes to partition i % PARTITIONS.

    /usr/bin/python3 examples/python/partition_producer.py [--bootstrap-server HOST:PORT]
        [--topic users] [--count 6]
Prints one line per acknowledged record with the partition it asked for and the one it got.
"""
import argparse
import json
import os

from faker import Faker
from kafka import KafkaProducer

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--bootstrap-server", default="127.0.0.1:" + os.environ.get("KAFKA_PORT", "9092"))
parser.add_argument("--topic", default="users")
parser.add_argument("--count", type=int, default=6)
args = parser.parse_args()

fake = Faker()
producer = KafkaProducer(bootstrap_servers=args.bootstrap_server,
                         value_serializer=lambda v: json.dumps(v).encode())
partitions = sorted(producer.partitions_for(args.topic))

for i in range(args.count):
    wanted = partitions[i % len(partitions)]
    user = {"name": fake.name(), "email": fake.email()}
    meta = producer.send(args.topic, value=user, partition=wanted).get(timeout=30)
    print("asked=%d got=%d offset=%d name=%s" % (wanted, meta.partition, meta.offset, user["name"]), flush=True)

producer.flush()
producer.close()
