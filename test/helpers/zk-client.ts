/**
 * node-zookeeper-client as promises, for tests that stream writes to a ZooKeeper server (ours or
 * Apache's) and read them back: connect with retries, create, setData.
 */
import zookeeper from "node-zookeeper-client";

export type Client = zookeeper.Client;

/** Connect, retrying: a freshly bound ZooKeeper refuses sessions until it has loaded its data. */
export async function connect(connectString: string, attempts = 5): Promise<Client> {
  for (let i = 1; ; i++) {
    try {
      return await new Promise<Client>((res, rej) => {
        const c = zookeeper.createClient(connectString, { sessionTimeout: 10_000, retries: 0 });
        const t = setTimeout(() => { c.close(); rej(new Error(`no connection to ${connectString}`)); }, 4_000);
        c.once("connected", () => { clearTimeout(t); res(c); });
        c.connect();
      });
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
export const create = (c: Client, path: string, data: string) =>
  new Promise<void>((res, rej) => c.create(path, Buffer.from(data), (e) => (e ? rej(e) : res())));
export const setData = (c: Client, path: string, data: string) =>
  new Promise<void>((res, rej) => c.setData(path, Buffer.from(data), -1, (e) => (e ? rej(e) : res())));
