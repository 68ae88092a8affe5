"""Loopback stand-ins for the services Redline posts to: a JSON receiver (Apprise's
``json://`` target), the part of the Mastodon API Apprise uses, and Save Page Now."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated, Any

import uvicorn
from fastapi import FastAPI, File, Form, Header, HTTPException, Request, UploadFile


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing."""

    def log_message(self, *args: object) -> None:
        pass


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 (any free port) serving *handler* until ``close``."""

    server: ThreadingHTTPServer
    origin: str

    def serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class JsonReceiver(LoopbackServer):
    """Records every POST body (JSON); answers with the next scripted status (then 200)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.script: list[int] = []
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.script.pop(0) if receiver.script else 200
                receiver.posts.append(
                    {"path": self.path, "status": status, "body": json.loads(body or b"{}")}
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.serve(Handler)
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def delivered(self) -> list[dict[str, Any]]:
        return [p["body"] for p in self.posts if 200 <= p["status"] < 300]


class MastodonStandIn:
    """Statuses and media uploads as Mastodon's API takes them, checked and kept.

    Answers 401 to a wrong bearer token, 422 to a reply to an unknown status, and
    the next scripted status code first when ``script`` has one.
    """

    def __init__(self, token: str = "sekrit-TOKEN-123") -> None:
        self.token = token
        self.statuses: list[dict[str, Any]] = []
        self.media: dict[str, dict[str, Any]] = {}
        self.script: list[int] = []
        self.requests: list[str] = []
        app = FastAPI()
        stand_in = self

        def check(authorization: str | None, path: str) -> None:
            stand_in.requests.append(path)
            if authorization != f"Bearer {stand_in.token}":
                raise HTTPException(401, "The access token is invalid")
            if stand_in.script:
                code = stand_in.script.pop(0)
                if code >= 300:
                    raise HTTPException(code, "scripted failure")

        @app.post("/api/v1/media")
        async def media(
            file: Annotated[UploadFile, File()],
            description: Annotated[str, Form()] = "",
            authorization: Annotated[str | None, Header()] = None,
        ) -> dict[str, Any]:
            check(authorization, "/api/v1/media")
            data = await file.read()
            mid = str(len(stand_in.media) + 1)
            stand_in.media[mid] = {
                "id": mid,
                "bytes": data,
                "description": description,
                "filename": file.filename,
                "content_type": file.content_type,
            }
            return {"id": mid, "type": "image", "description": description}

        @app.post("/api/v1/statuses")
        async def statuses(
            request: Request, authorization: Annotated[str | None, Header()] = None
        ) -> dict[str, Any]:
            check(authorization, "/api/v1/statuses")
            payload = await request.json()
            reply = payload.get("in_reply_to_id")
            if reply is not None and reply not in {s["id"] for s in stand_in.statuses}:
                raise HTTPException(422, "Validation failed: the status replied to does not exist")
            for mid in payload.get("media_ids") or []:
                if mid not in stand_in.media:
                    raise HTTPException(422, f"unknown media {mid}")
            sid = str(1000 + len(stand_in.statuses) + 1)
            stand_in.statuses.append({"id": sid, **payload})
            return {
                "id": sid,
                "in_reply_to_id": reply,
                "content": payload.get("status", ""),
                "account": {"username": "redline", "id": "1"},
                "media_attachments": [
                    {"id": m, "description": stand_in.media[m]["description"]}
                    for m in payload.get("media_ids") or []
                ],
            }

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = f"mastodon://{token}@127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]})
        self.thread.daemon = True
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "the Mastodon stand-in did not start"
        self._sock = sock

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self._sock.close()


class SavePageNow(LoopbackServer):
    """``GET /save/<url>``: answers like Save Page Now (snapshot in Content-Location),
    or the next scripted status (with ``Retry-After`` on 429)."""

    def __init__(self, *, stamp: str = "20261210120000", location_host: str = "") -> None:
        self.requests: list[str] = []
        self.script: list[int] = []
        self.stamp = stamp
        stand_in = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                stand_in.requests.append(self.path)
                status = stand_in.script.pop(0) if stand_in.script else 200
                target = self.path.removeprefix("/save/")
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "120")
                elif status < 300:
                    self.send_header(
                        "Content-Location", f"{location_host}/web/{stand_in.stamp}/{target}"
                    )
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.serve(Handler)
        self.endpoint = f"{self.origin}/save/"
