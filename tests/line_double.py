"""A LINE Messaging API double on 127.0.0.1: push, profile and the LINE Login ID-token verify.

Like LINE, it answers a push whose X-Line-Retry-Key it already accepted with 409 and delivers
nothing. `answers` queues (status, body) for the next pushes (429, 500, 400...).
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Push:
    headers: dict
    body: dict


@dataclass
class LineDouble:
    url: str = ""
    pushes: list[Push] = field(default_factory=list)
    delivered: list[Push] = field(default_factory=list)
    answers: list[tuple[int, dict]] = field(default_factory=list)
    accepted_keys: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    # id_token -> (LINE user id, LINE Login channel id it was issued for)
    id_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    profile_requests: int = 0

    def push_answer(self, headers: dict, body: dict) -> tuple[int, dict, dict]:
        self.pushes.append(Push(headers=headers, body=body))
        key = headers.get("X-Line-Retry-Key", "")
        if key in self.accepted_keys:
            accepted = self.accepted_keys[key]
            return (
                409,
                {"message": "The retry key is already accepted"},
                {"x-line-accepted-request-id": accepted},
            )
        if self.answers:
            status, answer = self.answers.pop(0)
            if status != 200:
                return status, answer, {}
        request_id = str(uuid.uuid4())
        if key:
            self.accepted_keys[key] = request_id
        self.delivered.append(Push(headers=headers, body=body))
        sent = [{"id": str(4600 + len(self.delivered)), "quoteToken": "q"}]
        return 200, {"sentMessages": sent}, {"x-line-request-id": request_id}

    def verify_answer(self, form: dict) -> tuple[int, dict, dict]:
        token, client_id = form.get("id_token", [""])[0], form.get("client_id", [""])[0]
        issued = self.id_tokens.get(token)
        if issued is None:
            return 400, {"error": "invalid_request", "error_description": "Invalid IdToken."}, {}
        line_user_id, channel_id = issued
        if channel_id != client_id:
            refusal = {"error": "invalid_request", "error_description": "Invalid IdToken Audience."}
            return 400, refusal, {}
        return 200, {"iss": "https://access.line.me", "sub": line_user_id, "aud": channel_id}, {}


def start_line_double() -> tuple[LineDouble, ThreadingHTTPServer]:
    double = LineDouble()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict, headers: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/v2/bot/message/push":
                self._answer(*double.push_answer(dict(self.headers), json.loads(raw)))
            elif self.path == "/oauth2/v2.1/verify":
                self._answer(*double.verify_answer(parse_qs(raw.decode())))
            else:
                self._answer(404, {"message": "Not found"}, {})

        def do_GET(self):
            prefix = "/v2/bot/profile/"
            user = self.path[len(prefix) :] if self.path.startswith(prefix) else ""
            double.profile_requests += 1
            if user in double.profiles:
                self._answer(200, {"userId": user, "displayName": double.profiles[user]}, {})
            else:
                self._answer(404, {"message": "Not found"}, {})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    double.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return double, server


LINE_TOKEN = "channel-access-token-0123"
LINE_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8"
