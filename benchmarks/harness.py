"""Small steps benchmarks/run.sh needs: ports, databases, embedded services, waiting.

    python benchmarks/harness.py free-port
    python benchmarks/harness.py start-postgres DIR         # prints a server URL
    python benchmarks/harness.py create-db SERVER_URL NAME  # prints the database's URL
    python benchmarks/harness.py wait-http URL SECONDS
    python benchmarks/harness.py template-key USERS TASKS   # name of the seeded template
    python benchmarks/harness.py lean-template-key USERS TASKS LEAN_FILE
    python benchmarks/harness.py clone-db SERVER_URL TEMPLATE NAME  # exit 3: no template
    python benchmarks/harness.py save-template SERVER_URL NAME TEMPLATE

Seeding 1,000 users' tasks and folding them into every read model takes minutes, and so
does seeding the lean yardstick through its HTTP API, so each seeded database is kept as
a template (``tasklog_bench_tpl_<users>x<tasks>_<hash>``, ``lean_bench_tpl_...``, one per
size) and later runs clone it in seconds. The hash covers every source file that shapes
the stored rows (for Tasklog the events and the read models, for the yardstick its own
file), and the seed parameters: any change there seeds afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from infrastructure import embedded  # noqa: E402


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(server_url: str, name: str) -> str:
    """Create database ``name`` (dropping a leftover of the same name); return its URL."""
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    """Drop database ``name`` if it exists, disconnecting whoever is still on it."""
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


TEMPLATE_PREFIX = "tasklog_bench_tpl_"
TEMPLATE_SOURCES = (
    "domain",
    "application",
    "projections",
    "infrastructure/eventstore.py",
    "infrastructure/database.py",
)
"""What shapes the stored events and the read models' tables (a changed projection would be
rebuilt by the projector at start, in the middle of the measurements)."""


def template_key(users: int, tasks: str) -> str:
    """The template database name for this code and these seed parameters."""
    digest = hashlib.sha256(f"{users}x{tasks}".encode())
    files = [ROOT / "benchmarks" / name for name in ("seed.py", "workload.py")]
    files.append(ROOT / "pyproject.toml")
    for source in TEMPLATE_SOURCES:
        path = ROOT / source
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return f"{TEMPLATE_PREFIX}{users}x{tasks}_{digest.hexdigest()[:12]}"


LEAN_TEMPLATE_PREFIX = "lean_bench_tpl_"


def lean_template_key(users: int, tasks: str, lean_file: Path) -> str:
    """The lean yardstick's template database name for its code and these seed parameters."""
    digest = hashlib.sha256(f"{users}x{tasks}".encode())
    for path in (
        lean_file,
        ROOT / "benchmarks" / "workload.py",
        ROOT / "benchmarks" / "lean_seed.py",
    ):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{LEAN_TEMPLATE_PREFIX}{users}x{tasks}_{digest.hexdigest()[:12]}"


def database_exists(server_url: str, name: str) -> bool:
    """Whether the server has a database called ``name``."""
    with psycopg.connect(server_url, autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return row.fetchone() is not None


def clone_database(server_url: str, template: str, name: str) -> str | None:
    """Create ``name`` as a copy of ``template``; None when there is no such template."""
    if not database_exists(server_url, template):
        return None
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return with_database(server_url, name)


def save_template(server_url: str, name: str, template: str) -> None:
    """Copy the freshly seeded ``name`` into ``template``, dropping older ones of its size."""
    same_size = template.rsplit("_", 1)[0] + "\\_%"  # tasklog_bench_tpl_1000x10-100\_%
    with psycopg.connect(server_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname ~ %s",
            (same_size, "^" + TEMPLATE_PREFIX + "[0-9a-f]{16}$"),  # the older naming
        ).fetchall()
        for (old,) in rows:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(old))
            )
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(template), sql.Identifier(name)
            )
        )


BENCH_SHARED_BUFFERS = "1GB"
"""PostgreSQL's buffer cache for an embedded bench server: the seeded store (~1 GB) fits,
as docker-compose.yml's default does; the server default of 128 MB does not."""


def start_bench_postgres(data_dir: Path) -> str:
    """The embedded PostgreSQL, with ``shared_buffers`` as a deployment would set it."""
    url = embedded.start_embedded_postgres(data_dir)
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT current_setting('shared_buffers')").fetchone()
        if row is not None and row[0] == BENCH_SHARED_BUFFERS:
            return url
        connection.execute(f"ALTER SYSTEM SET shared_buffers = '{BENCH_SHARED_BUFFERS}'")
    embedded.stop_embedded_postgres(data_dir)  # the setting takes a restart
    return embedded.start_embedded_postgres(data_dir)


def wait_http(url: str, timeout_s: float) -> None:
    """Wait until ``url`` answers 2xx; exit non-zero after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
                if 200 <= response.status < 300:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}: {error.read()[:300]!r}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.25)
    sys.exit(f"{url} did not answer within {timeout_s:g} s ({last})")


def main() -> None:
    """Dispatch one step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("free-port")
    for name in ("start-postgres", "stop-postgres", "start-redis", "stop-redis"):
        steps.add_parser(name).add_argument("data_dir", type=Path)
    for name in ("create-db", "drop-db"):
        step = steps.add_parser(name)
        step.add_argument("server_url")
        step.add_argument("name")
    key = steps.add_parser("template-key")
    key.add_argument("users", type=int)
    key.add_argument("tasks")
    lean_key = steps.add_parser("lean-template-key")
    lean_key.add_argument("users", type=int)
    lean_key.add_argument("tasks")
    lean_key.add_argument("lean_file", type=Path)
    clone = steps.add_parser("clone-db")
    clone.add_argument("server_url")
    clone.add_argument("template")
    clone.add_argument("name")
    save = steps.add_parser("save-template")
    save.add_argument("server_url")
    save.add_argument("name")
    save.add_argument("template")
    wait = steps.add_parser("wait-http")
    wait.add_argument("url")
    wait.add_argument("timeout", type=float)
    args = parser.parse_args()

    if args.step == "free-port":
        print(free_port())
    elif args.step == "start-postgres":
        print(start_bench_postgres(args.data_dir))
    elif args.step == "stop-postgres":
        embedded.stop_embedded_postgres(args.data_dir)
    elif args.step == "start-redis":
        print(embedded.start_embedded_redis(args.data_dir))
    elif args.step == "stop-redis":
        embedded.stop_embedded_redis(args.data_dir)
    elif args.step == "create-db":
        print(create_database(args.server_url, args.name))
    elif args.step == "drop-db":
        drop_database(args.server_url, args.name)
    elif args.step == "template-key":
        print(template_key(args.users, args.tasks))
    elif args.step == "lean-template-key":
        print(lean_template_key(args.users, args.tasks, args.lean_file))
    elif args.step == "clone-db":
        url = clone_database(args.server_url, args.template, args.name)
        if url is None:
            sys.exit(3)
        print(url)
    elif args.step == "save-template":
        save_template(args.server_url, args.name, args.template)
    elif args.step == "wait-http":
        wait_http(args.url, args.timeout)


if __name__ == "__main__":
    main()
