"""What the tests share: the reference server they run against, transports that record every
request, and stores that record what they are given."""

from __future__ import annotations

import asyncio
import queue
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from novavms import OPERATIONS, AsyncMemoryTokenStore, MemoryTokenStore, StoredSession

REPO = Path(__file__).resolve().parents[2]


def path_of(operation_id: str) -> str:
    """The path of an operation (without its parameters filled in), from the contract."""
    return OPERATIONS[operation_id].path


@dataclass
class Demo:
    """The seeded demo data, as the server's start-up banner prints it."""

    password: str
    owner_email: str
    admin_email: str
    viewer_email: str
    live_key: str
    test_key: str


class ReferenceServer:
    """`novavms-mock` on a port the system picks, with an in-memory database and its mock clock."""

    def __init__(self) -> None:
        built = subprocess.run(["npm", "run", "-s", "build:mock"], cwd=REPO, capture_output=True, text=True)
        if built.returncode != 0:
            raise RuntimeError(f"npm run build:mock failed:\n{built.stdout}{built.stderr}")
        self._process = subprocess.Popen(
            [
                "node",
                "mock/bin/novavms-mock.js",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--db",
                ":memory:",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def drain() -> None:
            assert self._process.stdout is not None
            for line in self._process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, daemon=True).start()
        banner: list[str] = []
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                self.close()
                raise RuntimeError("the reference server did not start within 60 s:\n" + "".join(banner)) from None
            if line is None:
                raise RuntimeError("the reference server exited:\n" + "".join(banner))
            banner.append(line)
            if "Ready in" in line:
                break
        text = "".join(banner)

        def find(pattern: str) -> str:
            match = re.search(pattern, text, re.MULTILINE)
            if match is None:
                raise RuntimeError(f"the banner has no {pattern!r}:\n{text}")
            return match.group(1)

        self.url = find(r"listening on (http://\S+)")
        self.demo = Demo(
            password=find(r"Demo users \(password (\S+)\)"),
            owner_email=find(r"^\s+(\S+@\S+)\s+owner$"),
            admin_email=find(r"^\s+(\S+@\S+)\s+admin$"),
            viewer_email=find(r"^\s+(\S+@\S+)\s+viewer$"),
            live_key=find(r"^\s+(sk_live_\S+)\s+live \(production\)$"),
            test_key=find(r"^\s+(sk_test_\S+)\s+test \(sandbox\)$"),
        )
        self._control = httpx.Client(base_url=self.url, timeout=30)

    def reset(self) -> None:
        """Seeded data, real time and no failed-login counts again."""
        self._control.post("/__mock/reset", json={}).raise_for_status()

    def advance(self, seconds: float) -> None:
        """Moves the server's clock forward."""
        self._control.post("/__mock/clock", json={"advance": f"PT{int(seconds)}S"}).raise_for_status()

    def close(self) -> None:
        self._control.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


@dataclass
class Sent:
    """One request as it left the client."""

    method: str
    url: str
    path: str
    headers: httpx.Headers
    body: bytes

    @property
    def authorization(self) -> str | None:
        return self.headers.get("Authorization")


@dataclass
class Log:
    """One ordered list of what transports and stores saw, shared between them."""

    events: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, value: str) -> None:
        with self.lock:
            self.events.append((kind, value))


class Recorder:
    """The requests a client sent, in order."""

    def __init__(self, log: Log | None = None) -> None:
        self.sent: list[Sent] = []
        self.log = log
        self._lock = threading.Lock()

    def record(self, request: httpx.Request) -> None:
        sent = Sent(request.method, str(request.url), request.url.path, request.headers.copy(), request.content)
        with self._lock:
            self.sent.append(sent)
        if self.log is not None:
            self.log.add("request", f"{request.method} {request.url.path} {sent.authorization}")

    def count(self, operation_id: str) -> int:
        operation = OPERATIONS[operation_id]
        return sum(1 for s in self.sent if s.method == operation.http_method and s.path == operation.path)

    def authorizations(self, operation_id: str) -> list[str | None]:
        """The Authorization header of each request to the operation, in order."""
        operation = OPERATIONS[operation_id]
        return [s.authorization for s in self.sent if s.method == operation.http_method and s.path == operation.path]

    def calls(self) -> list[str]:
        return [f"{s.method} {s.path}" for s in self.sent]


class RecordingTransport(httpx.HTTPTransport):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.record(request)
        return super().handle_request(request)


class AsyncRecordingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.record(request)
        return await super().handle_async_request(request)


class RecordingStore(MemoryTokenStore):
    """A memory store that counts its writes and logs each refresh token it is given."""

    def __init__(self, log: Log | None = None) -> None:
        super().__init__()
        self.writes: list[StoredSession] = []
        self.clears = 0
        self.log = log

    def set(self, session: StoredSession) -> None:
        super().set(session)
        self.writes.append(session)
        if self.log is not None:
            self.log.add("store", f"{session.refresh_token} {session.access_token}")

    def clear(self) -> None:
        super().clear()
        self.clears += 1


class AsyncRecordingStore(AsyncMemoryTokenStore):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[StoredSession] = []
        self.clears = 0

    async def set(self, session: StoredSession) -> None:
        await asyncio.sleep(0)  # a real store awaits its I/O: let other tasks run meanwhile
        await super().set(session)
        self.writes.append(session)

    async def clear(self) -> None:
        await super().clear()
        self.clears += 1
