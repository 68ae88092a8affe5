"""Address-guard checks meant to run inside a loopback-only network namespace.

``test_guard.py`` runs this file with ``unshare -rn`` after ``ip link set lo up``:
there, a guard bug cannot send a packet anywhere but loopback. Every redirect to
a non-public address outside the allow-list must be refused before any
connection; the transport stub records any request that got past the guard.
Prints one line per case and exits 1 if any case went wrong.
"""

from __future__ import annotations

import asyncio
import sys

from loopback import LoopbackOnly  # run as a script with this folder on the path

from redline.errors import FetchError
from redline.newsroom import Newsroom, editorial_script
from redline.track.fetch import Fetcher, FetchOptions

KERR = "/news/kerr-wins-world-1500m-gold"
TARGETS = [
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://167772161/",  # 10.0.0.1 in decimal
    "http://0xa9fea9fe/",  # 169.254.169.254 in hex
    "http://012.0.0.1/",  # 10.0.0.1 in octal (httpx refuses the URL itself)
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://127.0.0.1:1/",  # loopback, but another origin than the allowed one
    "http://localhost:1/",
]


async def main() -> int:
    bad = 0
    with Newsroom(editorial_script()) as room:
        allow = [room.base_url]
        for target in TARGETS:
            transport = LoopbackOnly()
            room.add_fault(KERR, "redirect", location=target)
            async with Fetcher(
                FetchOptions(per_host_interval=0, retries=0), transport=transport
            ) as f:
                try:
                    await f.fetch(room.base_url + KERR, allow_origins=allow)
                except FetchError as exc:  # refused by the guard (or an unparsable URL)
                    ok = not transport.escaped
                    print(("ok   " if ok else "FAIL ") + f"{target}: {exc}")
                    bad += not ok
                else:
                    print(f"FAIL {target}: followed")
                    bad += 1
            room.clear_faults()
        # the allowed origin itself, spelt another way, is the same destination
        room.add_fault(KERR, "redirect", location=f"http://2130706433:{room.port}{KERR}")
        async with Fetcher(FetchOptions(per_host_interval=0, retries=0)) as f:
            result = await f.fetch(room.base_url + KERR, allow_origins=allow)
            print(("ok   " if result.status == 200 else "FAIL ") + "decimal loopback followed")
            bad += result.status != 200
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
