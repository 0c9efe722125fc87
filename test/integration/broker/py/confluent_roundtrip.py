"""confluent-kafka-python (librdkafka): produce with each codec and headers, consume by assign()."""
import json, sys
from confluent_kafka import Producer, Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
a = AdminClient({"bootstrap.servers": bootstrap})
for f in a.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)]).values():
    f.result(10)
md = a.list_topics(timeout=10)
sent = []
for codec in ("none", "gzip", "snappy", "lz4", "zstd"):
    p = Producer({"bootstrap.servers": bootstrap, "compression.codec": codec, "acks": "all", "enable.idempotence": True})
    for i in range(10):
        v = "%s-%d" % (codec, i)
        p.produce(topic, value=v.encode(), key=b"k%d" % i, headers=[("c", codec.encode())])
        sent.append(v)
    assert p.flush(10) == 0
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False, "auto.offset.reset": "earliest"})
c.assign([TopicPartition(topic, 0, 0)])
got = []
while len(got) < len(sent):
    m = c.poll(5)
    if m is None:
        break
    if m.error():
        raise Exception(str(m.error()))
    got.append(m.value().decode())
c.close()
print(json.dumps({"brokers": len(md.brokers), "topic": topic in md.topics, "sent": sent, "got": got}))
