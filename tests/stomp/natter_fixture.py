"""A natterd for the STOMP tests: started on a free loopback port with a
scratch data directory, people registered over the HTTP API, and a JSON
protocol client (docs/protocol.md) to talk to them from the other side.

Waits are on conditions with a deadline, never fixed sleeps."""
import json
import os
import re
import subprocess
import tempfile
import threading
import time
import urllib.request

import websocket  # python3-websocket (websocket-client)

WAIT = 30.0


def eventually(check, what, timeout=WAIT):
    """Polls check() until it returns something truthy; fails after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)


class Natterd:
    def __init__(self, binary, extra=()):
        self.dir = tempfile.TemporaryDirectory(prefix="natter-stomp-")
        self.log_path = os.path.join(self.dir.name, "natterd.log")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [binary, "--listen", "127.0.0.1:0", "--data-dir", os.path.join(self.dir.name, "data"),
                 "--create-data-dir", "--threads", "2", "--login-rate-per-address", "100000",
                 "--register-rate-per-address", "100000", "--login-rate-per-account", "100000", *extra],
                stdout=log, stderr=subprocess.STDOUT)
        found = eventually(lambda: self.proc.poll() is not None or
                           re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(self.log_path).read()),
                           "natterd to listen", 60)
        if found is True:
            raise RuntimeError("natterd exited:\n" + open(self.log_path).read())
        self.port = int(found.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        self.count = 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        log = open(self.log_path).read()
        if os.environ.get("NATTER_STOMP_KEEP_LOG"):
            print(log)
        self.dir.cleanup()
        # A sanitizer build (the tsan preset runs these tests) reports into the log.
        if re.search(r"(Thread|Address|UndefinedBehavior)Sanitizer|runtime error:", log):
            raise AssertionError("natterd's sanitizer reported:\n" + log)

    def post(self, path, body, token=None):
        req = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        if token:
            req.add_header("Authorization", "Bearer " + token)
        with urllib.request.urlopen(req, timeout=WAIT) as res:
            return json.loads(res.read() or b"{}")

    def person(self, prefix):
        """Registers someone new; returns (username, access token)."""
        self.count += 1
        name = f"{prefix}{os.getpid() % 1000}x{self.count}"
        password = "correct horse battery staple"
        self.post("/api/v1/auth/register", {"email": name + "@example.com", "username": name, "password": password})
        login = self.post("/api/v1/auth/login", {"login": name, "password": password})
        return name, login["access_token"]


class JsonClient:
    """A user of the JSON protocol on /ws: what the web app speaks."""

    def __init__(self, natterd, token):
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{natterd.port}/ws", timeout=WAIT)
        self.frames = []
        self.lock = threading.Lock()
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.request("auth", token=token)
        self.request("sync", since={})

    def _read(self):
        try:
            while True:
                text = self.ws.recv()
                if not text:
                    return
                with self.lock:
                    self.frames.append(json.loads(text))
        except Exception:
            return

    def request(self, kind, **fields):
        self.next_id += 1
        rid = f"q{self.next_id}"
        self.ws.send(json.dumps({"type": kind, "id": rid, **fields}))
        reply = eventually(lambda: self._find(lambda f: f.get("re") == rid), "a reply to " + kind)
        if "error" in reply:
            raise AssertionError(f"{kind} failed: {reply['error']}")
        return reply

    def _find(self, match):
        with self.lock:
            return next((f for f in self.frames if match(f)), None)

    def wait_for(self, match, what):
        return eventually(lambda: self._find(match), what)

    def close(self):
        self.ws.close()
