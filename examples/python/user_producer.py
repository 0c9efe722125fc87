"""Workshop example: a kafka-python producer that sends fake user registrations (Faker)
as JSON, keyed by user id so one user's events always land in the same partition.

Run with Debian's Python (kafka-python and Faker are installed there):
    /usr/bin/python3 examples/python/user_producer.py [--bootstrap-server HOST:PORT]
        [--topic users] [--count 10]
Prints one line per acknowledged record: partition, offset, key and the user's name.
"""
import argparse
import json
import os

from faker import Faker
from kafka import KafkaProducer

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--bootstrap-server", default="127.0.0.1:" + os.environ.get("KAFKA_PORT", "9092"))
parser.add_argument("--topic", default="users")
parser.add_argument("--count", type=int, default=10)
args = parser.parse_args()

fake = Faker()
producer = KafkaProducer(
    bootstrap_servers=args.bootstrap_server,
    key_serializer=lambda k: k.encode(),
    value_serializer=lambda v: json.dumps(v).encode(),
    acks="all",
)

for i in range(args.count):
    user = {
        "user_id": "user-%d" % (i % 5),  # five users, each registering (or updating) twice
        "name": fake.name(),
        "email": fake.email(),
        "address": fake.address().replace("\n", ", "),
        "registered_at": fake.iso8601(),
    }
    meta = producer.send(args.topic, key=user["user_id"], value=user).get(timeout=30)
    print("partition=%d offset=%d key=%s name=%s" % (meta.partition, meta.offset, user["user_id"], user["name"]), flush=True)

producer.flush()
producer.close()
