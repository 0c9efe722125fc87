"""kafka-python KafkaConsumer in a consumer group: prints 'ASSIGNED <partitions>' on each
assignment and each message value on its own line; commits after every poll.
Usage: group_consumer.py BOOTSTRAP TOPIC GROUP MAX_MESSAGES IDLE_SECONDS"""
import sys
import time
from kafka import KafkaConsumer, ConsumerRebalanceListener

bootstrap, topic, group, max_messages, idle = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])


class Listener(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked):
        pass

    def on_partitions_assigned(self, assigned):
        print("ASSIGNED " + ",".join(str(tp.partition) for tp in sorted(assigned, key=lambda t: t.partition)), flush=True)


consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, client_id="kafka-python-group",
                         auto_offset_reset="earliest", enable_auto_commit=False,
                         session_timeout_ms=6000, heartbeat_interval_ms=500, max_poll_interval_ms=30000,
                         api_version_auto_timeout_ms=10000)
consumer.subscribe([topic], listener=Listener())
seen = 0
last = time.time()
while seen < max_messages and time.time() - last < idle:
    batch = consumer.poll(timeout_ms=200)
    for tp, records in batch.items():
        for r in records:
            print(r.value.decode(), flush=True)
            seen += 1
            last = time.time()
    if batch:
        consumer.commit()
consumer.close()
print("DONE", flush=True)
