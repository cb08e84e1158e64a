"""Seed the lean CRUD yardstick through its HTTP API with the users and tasks Tasklog holds.

The tasks come from benchmarks/workload.py (the source benchmarks/seed.py uses), the tokens
from the users file that seeding wrote, so the load script sends the same users with the
same tokens to both backends; only the task ids differ (each backend makes its own).

Output: a users file like seed.py's (``<user_id> <token> <task_id>,...``, the lean
backend's ids of the same tasks), the ids alone (``--save-ids``, kept with a template of
the seeded database) and a JSON summary. ``--ids-from`` writes the users file from saved
ids instead of seeding (the database was cloned from that template).

    python benchmarks/lean_seed.py --url http://127.0.0.1:8300 --users-file run/users.txt \\
        --tasks 10-100 --out run/users-lean.txt --summary run/lean-seed.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.workload import DEFAULT_SEED, TaskSpan, open_positions, user_tasks  # noqa: E402


class Client:
    """One keep-alive connection per thread (http.client: a quarter of httpx's CPU per call,
    which matters with ~70,000 calls on a machine the server shares)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.local = threading.local()

    def post(self, path: str, token: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST ``body`` as JSON; the decoded 2xx answer.

        A keep-alive connection the server closed while idle fails before the request is
        read; that one case is retried once on a fresh connection.
        """
        payload = json.dumps(body).encode() if body is not None else b""
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request("POST", path, body=payload, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
                continue
            if not 200 <= response.status < 300:
                raise RuntimeError(f"POST {path}: {response.status} {data[:300]!r}")
            result: dict[str, Any] = json.loads(data)
            return result
        raise AssertionError("unreachable")

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.local.connection = connection
        return connection


def seed_user(
    client: Client, index: int, token: str, span: TaskSpan, seed: int, now: datetime
) -> tuple[list[str], int]:
    """Create one user's tasks, complete the done ones; their listed ids and the requests."""
    tasks = user_tasks(index, span, seed, now)
    ids = [str(client.post("/api/v1/tasks", token, task.fields)["id"]) for task in tasks]
    done = [ids[i] for i, task in enumerate(tasks) if task.completed_at is not None]
    for task_id in done:
        client.post(f"/api/v1/tasks/{task_id}/complete", token)
    return [ids[i] for i in open_positions(tasks)], len(tasks) + len(done)


def seed(
    url: str, users: list[tuple[str, str]], span: TaskSpan, seed: int, concurrency: int
) -> tuple[list[list[str]], int]:
    """Seed every user, ``concurrency`` users at a time; listed ids per user, requests."""
    now = datetime.now(UTC)
    client = Client(url)
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(
            pool.map(
                lambda index: seed_user(client, index, users[index][1], span, seed, now),
                range(len(users)),
            )
        )
    return [ids for ids, _ in results], sum(count for _, count in results)


def main() -> None:
    """Seed from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--users-file", type=Path, required=True, help="seed.py's users.txt")
    parser.add_argument("--tasks", type=TaskSpan.parse, default=TaskSpan(10, 100))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--summary", type=Path, required=True)
    parser.add_argument("--save-ids", type=Path, help="write the listed ids per user here")
    parser.add_argument("--ids-from", type=Path, help="saved ids of a cloned database")
    args = parser.parse_args()

    users = [
        (fields[0], fields[1])
        for fields in (line.split(" ") for line in args.users_file.read_text().splitlines())
    ]
    if args.ids_from:
        saved = json.loads(args.ids_from.read_text())
        listed = [saved["ids"][owner] for owner, _ in users]
        summary: dict[str, Any] = {**saved["summary"], "from_template": True}
    else:
        print(f"seeding the lean backend: {len(users)} users x {args.tasks} tasks", flush=True)
        started = time.perf_counter()
        listed, requests = seed(args.url, users, args.tasks, args.seed, args.concurrency)
        seconds = time.perf_counter() - started
        summary = {
            "users": len(users),
            "tasks_per_user": str(args.tasks),
            "tasks": sum(args.tasks.count(i) for i in range(len(users))),
            "requests": requests,
            "seconds": round(seconds, 2),
        }
        print(f"  {requests} requests in {seconds:.1f} s ({requests / seconds:,.0f}/s)")
        if args.save_ids:
            ids = {owner: listed[i] for i, (owner, _) in enumerate(users)}
            args.save_ids.write_text(json.dumps({"summary": summary, "ids": ids}))
    with args.out.open("w") as out:
        for (owner, token), ids_of_user in zip(users, listed, strict=True):
            out.write(f"{owner} {token} {','.join(ids_of_user)}\n")
    args.summary.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
