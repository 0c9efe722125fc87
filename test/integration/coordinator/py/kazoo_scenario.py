"""Kazoo (python3-kazoo) against our coordinator: prints one JSON line per check."""
import json, sys, threading, time
from kazoo.client import KazooClient
from kazoo.exceptions import BadVersionError, NoNodeError

hosts = sys.argv[1]
out = {}
zk = KazooClient(hosts=hosts, timeout=5)
zk.start(timeout=10)
zk.ensure_path("/kz/a/b")
out["ensure_path"] = zk.exists("/kz/a/b") is not None
zk.set("/kz/a", b"hello")
data, st = zk.get("/kz/a")
out["get"] = [data.decode(), st.version, st.numChildren]
out["ephemeral"] = zk.create("/kz/eph", b"", ephemeral=True)
out["seq"] = [zk.create("/kz/q-", b"", sequence=True), zk.create("/kz/q-", b"", sequence=True, ephemeral=True)]
got = threading.Event()
seen = []
@zk.ChildrenWatch("/kz/a")
def watch(children):
    seen.append(sorted(children))
    if len(seen) >= 2:
        got.set()
zk.create("/kz/a/c")
got.wait(5)
out["children_watch"] = seen
t = zk.transaction()
t.create("/kz/tx1", b"1")
t.set_data("/kz/a", b"tx", version=1)
t.check("/kz/a", 2)
out["transaction"] = [type(r).__name__ if isinstance(r, Exception) else r for r in t.commit()]
t = zk.transaction()
t.create("/kz/tx2")
t.check("/kz/a", 99)
out["transaction_fail"] = [type(r).__name__ for r in t.commit()]
out["tx2_absent"] = zk.exists("/kz/tx2") is None
try:
    zk.set("/kz/a", b"x", version=42)
except BadVersionError:
    out["badversion"] = True
try:
    zk.get("/kz/none")
except NoNodeError:
    out["nonode"] = True
# session reconnect with id + password keeps ephemerals
sid, pwd = zk.client_id
zk2 = KazooClient(hosts=hosts, timeout=5, client_id=(sid, pwd))
zk2.start(timeout=10)
out["same_session"] = zk2.client_id[0] == sid
out["ephemeral_kept"] = zk2.exists("/kz/eph") is not None
zk2.stop()
try:
    zk.stop()
    zk.close()
except Exception:
    pass
print(json.dumps(out))
