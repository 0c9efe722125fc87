"""Create an ephemeral with a short session, print READY <sid>, then idle (the test SIGSTOPs us)."""
import sys, time
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], timeout=1.0)
zk.start(timeout=10)
zk.create(sys.argv[2], b"", ephemeral=True)
print("READY %x" % zk.client_id[0], flush=True)
time.sleep(120)
