// Workshop example: a kafkajs producer sending keyed JSON messages.
//   node examples/node/producer.mjs [topic] [count]
// Broker: 127.0.0.1:$KAFKA_PORT (default 9092). Prints one line per message with its partition and offset.
import { Kafka, Partitioners, logLevel } from "kafkajs";

const [topic = "users", count = "5"] = process.argv.slice(2);
const kafka = new Kafka({ clientId: "workshop-node", brokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? "9092"}`], logLevel: logLevel.WARN });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }); // Java-compatible murmur2
await producer.connect();
for (let i = 0; i < Number(count); i++) {
  const key = `node-user-${i % 3}`;
  const [meta] = await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ user_id: key, name: `Node User ${i}` }) }] });
  console.log(`partition=${meta.partition} offset=${meta.baseOffset} key=${key}`);
}
await producer.disconnect();
