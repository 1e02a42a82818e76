"""Fake machine-translation servers: real HTTP servers on 127.0.0.1, started by a test.

`FakeDeepL` answers `POST /v2/translate` as DeepL's API does (JSON in, `{"translations":
[{"text", "detected_source_language"}]}` out, `DeepL-Auth-Key` checked);
`FakeLibreTranslate` answers `POST /translate` (`q` a list, `translatedText` a list,
`api_key` checked when it has one). Each translates with `translate(text, source,
target)`, records the requests it got, and can be told to fail (`status`) or to hang
past the client's timeout (`delay`, released when the server stops: no sleep in tests).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def tagged(text: str, source: str, target: str) -> str:
    """The default "translation": the text, marked with its target language."""
    return f"[{target.lower()}] {text}"


class _FakeServer:
    path = "/"

    def __init__(self, translate: Callable[[str, str, str], str] = tagged):
        self.translate = translate
        self.requests: list[dict] = []
        self.status = 200
        self.hang = False
        self._release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if fake.hang:
                    fake._release.wait(10)
                code, answer = fake.answer(self.path, dict(self.headers), body)
                data = json.dumps(answer).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class FakeDeepL(_FakeServer):
    KEY = "fake-deepl-key"

    def answer(self, path, headers, body):
        if path != "/v2/translate":
            return 404, {"message": "Not found"}
        if headers.get("Authorization") != f"DeepL-Auth-Key {self.KEY}":
            return 403, {"message": "Wrong auth key"}
        if self.status != 200:
            return self.status, {"message": "Internal error"}
        request = json.loads(body)
        if len(request["text"]) > 50:  # DeepL's limit per request
            return 400, {"message": "Too many texts"}
        source, target = request.get("source_lang", ""), request["target_lang"]
        return 200, {
            "translations": [
                {
                    "detected_source_language": source,
                    "text": self.translate(t, source, target),
                    "billed_characters": len(t),
                }
                for t in request["text"]
            ]
        }


class FakeLibreTranslate(_FakeServer):
    def __init__(self, *args, api_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.api_key = api_key

    def answer(self, path, headers, body):
        if path != "/translate":
            return 404, {"error": "Not found"}
        request = json.loads(body)
        if self.api_key and request.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        if self.status != 200:
            return self.status, {"error": "The server is overloaded"}
        texts = request["q"] if isinstance(request["q"], list) else [request["q"]]
        translated = [self.translate(t, request["source"], request["target"]) for t in texts]
        return 200, {"translatedText": translated}
