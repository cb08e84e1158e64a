"""``tasklog serve``: the API under uvicorn (uvloop, httptools), one or several workers."""

from __future__ import annotations

import os
import shutil
import tempfile

import click
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.asgi import MULTIPROCESS_DIR_VARIABLE
from api.cli_settings import configured
from api.head_guard import HeadGuard
from infrastructure.settings import Settings

WORKER_HEALTHCHECK_TIMEOUT_S = 30
"""How long uvicorn's supervisor waits for a worker process to answer its health check
before it kills the worker as hung and starts another. A worker answers only once it has
started: a spawned process imports ``tasklog`` (the parent's main module) first, a few
seconds on a busy host. With uvicorn's default of 5 s, each replacement of a dead worker
on such a host is killed before it can answer, again and again, while one worker serves
alone. The price: a worker that dies before it first answers is seen dead only when its
check times out (the supervisor waits on one check at a time)."""


class ServerProtocol(HeadGuard):
    """uvicorn's httptools protocol with request heads bounded."""

    inner_class = HttpToolsProtocol


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="uvicorn's own access lines (tasklog.access already logs every request).",
)
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the HTTP API (settings from TASKLOG_* variables).

    Production needs TASKLOG_DATABASE_URL and TASKLOG_JWKS_URL; each worker process reads
    the variables again (``api.asgi``), so they are checked here before any starts.
    """
    configured(settings, jwks=True)
    metrics_dir = None
    if workers > 1 and not os.environ.get(MULTIPROCESS_DIR_VARIABLE):
        # Workers are separate processes: prometheus_client keeps their values in files
        # here so /metrics on any worker reports all of them. Set before workers start.
        metrics_dir = tempfile.mkdtemp(prefix="tasklog-metrics-")
        os.environ[MULTIPROCESS_DIR_VARIABLE] = metrics_dir
    try:
        uvicorn.run(
            "api.asgi:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT_S,
            loop="uvloop",
            http=ServerProtocol,
            lifespan="on",
            access_log=access_log,
            log_config=None,
            server_header=False,
            proxy_headers=True,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
