// Workshop example: a kafkajs consumer in a consumer group, reading from the beginning.
//   node examples/node/consumer.mjs [topic] [group] [maxMessages]
// Broker: 127.0.0.1:$KAFKA_PORT (default 9092). Stops after maxMessages (default 5) or 30 s.
import { Kafka, logLevel } from "kafkajs";

const [topic = "users", groupId = "node-workshop", max = "5"] = process.argv.slice(2);
const kafka = new Kafka({ clientId: "workshop-node", brokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? "9092"}`], logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
let seen = 0;
let finish;
const done = new Promise((res) => (finish = res));
const timer = setTimeout(() => finish(), 30_000);
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    if (seen >= Number(max)) return;
    seen++;
    console.log(`partition=${partition} offset=${message.offset} key=${message.key} value=${message.value}`);
    if (seen >= Number(max)) finish();
  },
});
await done;
clearTimeout(timer);
await consumer.disconnect();
console.log(`consumed ${seen} messages`);
process.exit(seen >= Number(max) ? 0 : 1);
