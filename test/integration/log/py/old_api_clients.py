"""kafka-python pinned to old API versions (a common tutorial setting): api_version=(0,10,1)
produces magic-1 message sets (Produce v2), (0,9) magic-0 (Produce v1); both read back.
Usage: old_api_clients.py <bootstrap> <topic>  -> JSON on stdout."""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]
sent = []
for api, codec in [((0, 10, 1), None), ((0, 10, 1), "gzip"), ((0, 9), None)]:
    p = KafkaProducer(bootstrap_servers=bootstrap, api_version=api, compression_type=codec)
    for i in range(3):
        value = f"{'.'.join(map(str, api))}-{codec}-{i}"
        md = p.send(topic, value=value.encode(), key=(b"k%d" % i) if i == 1 else None, partition=0,
                    timestamp_ms=(1700000000000 + i) if api >= (0, 10) else None).get(timeout=20)
        sent.append({"v": value, "o": md.offset})
    p.flush()
    p.close()

got = []
for api in [(0, 10, 1), None]:
    c = KafkaConsumer(bootstrap_servers=bootstrap, api_version=api, consumer_timeout_ms=3000, enable_auto_commit=False)
    tp = TopicPartition(topic, 0)
    c.assign([tp])
    c.seek_to_beginning(tp)
    got.append([{"v": m.value.decode(), "o": m.offset, "k": m.key.decode() if m.key else None, "ts": m.timestamp} for m in c])
    c.close()
print(json.dumps({"sent": sent, "got": got}))
