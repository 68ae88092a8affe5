"""Posting to Bluesky through real Apprise, meant to run in a loopback-only network
namespace with its own ``/etc/hosts``.

``test_bluesky.py`` runs this file with ``unshare -rnm`` after bringing ``lo`` up and
binding a hosts file that sends the names Apprise's Bluesky plugin asks
(``public.api.bsky.app`` for the handle, ``plc.directory`` for the DID document)
and the account's server (``pds.example``) to 127.0.0.1. There, one HTTPS stand-in
on port 443 (a certificate of a throwaway authority, trusted through
``REQUESTS_CA_BUNDLE``) answers as those services do: it resolves the handle,
serves the DID document, opens a session for the right password only, takes
image blobs, and creates post records, refusing a reply whose root or parent is
not a record it made (with the same content id). Nothing can leave the machine.

Prints one line per check (``ok`` or ``FAIL``) and exits 1 if any failed.
"""

from __future__ import annotations

import json
import os
import ssl
import sys
import tempfile
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import trustme
from sqlalchemy import select

from redline.changes import index_pending
from redline.notify.channels import add_channel
from redline.notify.queue import notifier
from redline.notify.sender import Sender
from redline.notify.tables import deliveries
from redline.store import Store
from tests.notify.conftest import NOW, record

HOSTS = ("public.api.bsky.app", "plc.directory", "pds.example")
HANDLE = "redline.bsky.social"
PASSWORD = "app-pass-word-1234"
WRONG = "not-the-pass-word-99"
DID = "did:plc:redlinestandin0000000000"
BASE = "https://redline.example"


class Bluesky:
    """The parts of Bluesky's services Apprise uses, checked, with what was posted."""

    def __init__(self, cert: trustme.LeafCert) -> None:
        self.posts: list[dict[str, Any]] = []  # records, with their "uri" and "cid"
        self.blobs: list[bytes] = []
        self.refused: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                url = urlsplit(self.path)
                if host == "public.api.bsky.app" and url.path.endswith("resolveHandle"):
                    if parse_qs(url.query).get("handle") == [HANDLE]:
                        return self.answer(200, {"did": DID})
                    return self.answer(400, {"error": "InvalidRequest"})
                if host == "plc.directory" and url.path == f"/{DID}":
                    service = {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": "https://pds.example",
                    }
                    return self.answer(200, {"id": DID, "service": [service]})
                return self.answer(404, {"error": "NotFound"})

            def do_POST(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                if host != "pds.example":
                    return self.answer(404, {"error": "NotFound"})
                if path.endswith("createSession"):
                    login = json.loads(body)
                    if login != {"identifier": DID, "password": PASSWORD}:
                        return self.answer(401, {"error": "AuthenticationRequired"})
                    return self.answer(200, {"did": DID, "accessJwt": "jwt-a", "refreshJwt": "r"})
                if self.headers.get("Authorization") != "Bearer jwt-a":
                    return self.answer(401, {"error": "AuthenticationRequired"})
                if path.endswith("uploadBlob"):
                    stand_in.blobs.append(body)
                    ref = {"$link": f"bafkblob{len(stand_in.blobs)}"}
                    blob = {"$type": "blob", "ref": ref, "mimeType": "image/png", "size": len(body)}
                    return self.answer(200, {"blob": blob})
                if path.endswith("createRecord"):
                    return self.answer(*stand_in.create(json.loads(body)))
                return self.answer(404, {"error": "NotFound"})

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        self.server = ThreadingHTTPServer(("127.0.0.1", 443), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def create(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        record = payload.get("record") or {}
        if payload.get("repo") != DID or payload.get("collection") != "app.bsky.feed.post":
            return 400, {"error": "InvalidRequest"}
        if len(record.get("text", "")) > 300:
            return 400, {"error": "InvalidRequest", "message": "text too long"}
        made = {(p["uri"], p["cid"]) for p in self.posts}
        reply = record.get("reply")
        if reply is not None:
            refs = [reply.get("root") or {}, reply.get("parent") or {}]
            if any((r.get("uri"), r.get("cid")) not in made for r in refs):
                self.refused.append(json.dumps(reply))
                return 400, {"error": "InvalidRequest", "message": "unknown reply record"}
        n = len(self.posts) + 1
        uri, cid = f"at://{DID}/app.bsky.feed.post/3lpost{n:07d}", f"bafyreipost{n:07d}"
        self.posts.append({**record, "uri": uri, "cid": cid})
        return 200, {"uri": uri, "cid": cid}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> int:
    checks: list[tuple[bool, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        ca = trustme.CA()
        ca.cert_pem.write_to_path(str(Path(tmp) / "ca.pem"))
        os.environ["REQUESTS_CA_BUNDLE"] = str(Path(tmp) / "ca.pem")
        bluesky = Bluesky(ca.issue_cert(*HOSTS))
        store = Store.open(f"sqlite:///{Path(tmp) / 'store.sqlite3'}")
        try:
            origins = [f"https://{h}" for h in HOSTS]
            add_channel(
                store.engine, f"bluesky://{HANDLE}@{PASSWORD}", name="sky", allow_origins=origins
            )
            wrong = add_channel(
                store.engine, f"bluesky://{HANDLE}@{WRONG}", name="bad", allow_origins=origins
            )

            def send() -> int:
                index_pending(store, notify=notifier(store.engine), base_url=BASE)
                sender = Sender(store, base_url=BASE, jitter=False, base_delay=1.0)
                return sender.run_once().sent

            storm = record(store, "https://news.example/storm", ["Winds 80mph.", "Winds 95mph."])
            sent_first = send()
            record(
                store,
                "https://news.example/storm",
                ["Winds 95mph. The bridge reopened at noon."],
                start=NOW,
            )
            record(
                store,
                "https://news.example/vote",
                ["Turnout was 40%.", "Turnout was 44%."],
                headline="Council vote",
            )
            sent_then = send()
            record(
                store,
                "https://news.example/storm",
                ["Winds 95mph. The bridge reopened at 1pm."],
                start=NOW + timedelta(minutes=5),
            )
            sent_last = send()
            with store.engine.connect() as conn:
                rows = conn.execute(select(deliveries).order_by(deliveries.c.id)).all()
            ids = [r.remote_id for r in rows if r.channel_id != wrong.id]
            refused = [r for r in rows if r.channel_id == wrong.id]
        finally:
            store.close()
            bluesky.close()

    posts = bluesky.posts
    sent = (sent_first, sent_then, sent_last)
    checks.append((sent == (1, 2, 1), f"4 posts sent: {sent}"))
    checks.append((len(posts) == 4 and not bluesky.refused, f"4 records made: {len(posts)}"))
    if len(posts) == 4:
        first, second, third, fourth = posts
        root = {"uri": first["uri"], "cid": first["cid"]}
        checks.append(("reply" not in first, "the story's first post starts a thread"))
        checks.append(
            (second.get("reply") == {"root": root, "parent": root}, "its next change answers it")
        )
        checks.append(("reply" not in third, "another story's post stands alone"))
        parent = {"uri": second["uri"], "cid": second["cid"]}
        checks.append(
            (fourth.get("reply") == {"root": root, "parent": parent}, "the next one answers that")
        )
        link = f"{BASE}/stories/{storm}/diff/1/2"
        [facet] = first.get("facets") or [{}]
        index = facet.get("index", {})
        linked = first["text"].encode()[index.get("byteStart", 0) : index.get("byteEnd", 0)]
        uris = [f.get("uri") for f in facet.get("features", [])]
        checks.append((linked == link.encode() and uris == [link], "the diff link is a link"))
        checks.append((all(len(p["text"]) <= 300 for p in posts), "posts fit Bluesky's 300"))
        images = [p.get("embed", {}).get("images", [{}])[0].get("image") for p in posts]
        checks.append((len(bluesky.blobs) == 4 and all(images), "each post carries its card"))
        checks.append((all(b.startswith(b"\x89PNG") for b in bluesky.blobs), "cards are PNG"))
        stored = [f"{root['uri']} {root['cid']} {p['uri']} {p['cid']}" for p in (first, second)]
        checks.append((ids[:2] == stored, "the thread's records are kept with the deliveries"))
    failed = [r.state == "failed" and "401" in (r.last_result or "") for r in refused]
    leaked = [r for r in refused if WRONG in (r.last_result or "") or r.remote_id]
    refusal = len(failed) == 4 and all(failed) and not leaked
    checks.append((refusal, "a wrong password fails, unretried, unshown"))
    for ok, what in checks:
        print(("ok   " if ok else "FAIL ") + what)
    return 0 if checks and all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
