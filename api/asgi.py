"""The ASGI factory uvicorn calls: ``uvicorn api.asgi:app_from_env --factory``.

Like the CLI, this is an entry point, so it reads the environment (once) and hands the
settings down; nothing else in ``api`` does.
"""

from __future__ import annotations

import os
from pathlib import Path

from litestar import Litestar

from api.app import create_app
from infrastructure.gc_tuning import tune_gc_after_startup
from infrastructure.logging import configure_logging
from infrastructure.services import require_configured
from infrastructure.settings import Settings

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def app_from_env() -> Litestar:
    """Build the API from ``TASKLOG_*`` variables (one call per worker process)."""
    settings = Settings.from_env(os.environ)
    require_configured(settings, jwks=True)
    configure_logging(settings.log_level)
    metrics_dir = os.environ.get(MULTIPROCESS_DIR_VARIABLE) or None
    app = create_app(settings, metrics_dir=Path(metrics_dir) if metrics_dir else None)
    app.on_startup.append(tune_gc_after_startup)  # after every lifespan: start-up is done then
    return app
