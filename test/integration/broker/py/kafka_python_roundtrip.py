"""kafka-python 2.0 (Debian python3-kafka): produce (gzip and none, keyed, headers, timestamps,
explicit partitions) and consume with assign() (no group), print a JSON summary."""
import json, sys
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
topics = admin.list_topics()
admin.close()

sent = []
for codec in (None, "gzip"):
    p = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type=codec, retries=3)
    for i in range(20):
        part = i % 2
        key = ("k%d" % i).encode() if i % 3 else None
        val = ("%s-%d" % (codec, i)).encode()
        md = p.send(topic, key=key, value=val, partition=part, headers=[("h", b"x%d" % i)], timestamp_ms=1700000000000 + i).get(timeout=10)
        sent.append({"p": part, "o": md.offset, "v": val.decode()})
    p.flush()
    p.close()

c = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=3000, auto_offset_reset="earliest")
tps = [TopicPartition(topic, 0), TopicPartition(topic, 1)]
c.assign(tps)
c.seek_to_beginning()
got = []
for m in c:
    got.append({"p": m.partition, "o": m.offset, "v": m.value.decode(), "ts": m.timestamp, "h": [[k, v.decode()] for k, v in m.headers], "k": m.key.decode() if m.key else None})
    if len(got) >= len(sent):
        break
end = c.end_offsets(tps)
c.close()
print(json.dumps({"topics": sorted(topics), "sent": sent, "got": got, "end": {str(tp.partition): o for tp, o in end.items()}}))
