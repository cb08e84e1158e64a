# syntax=docker/dockerfile:1
# Tasklog image: one image, three roles (`serve`, `projector`, `worker`), chosen by the command.
#
#   docker build -t tasklog .
#   docker run --rm -p 8000:8000 -e TASKLOG_DATABASE_URL=... -e TASKLOG_REDIS_URL=... \
#       -e TASKLOG_JWKS_URL=... tasklog serve --host 0.0.0.0 --workers 2
#
# The builder stage has the compilers (for any dependency without a wheel) and builds a
# virtualenv in /opt/venv; the runtime stage copies that venv only, so no compiler, header
# or pip cache reaches the final image.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv && pip install --upgrade pip setuptools wheel

WORKDIR /src

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when the
# dependency list changes, not on every code edit.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# Then the project itself (a regular, non-editable install into the venv).
COPY README.md ./
COPY domain ./domain
COPY application ./application
COPY projections ./projections
COPY infrastructure ./infrastructure
COPY audit ./audit
COPY jobs ./jobs
COPY api ./api
RUN pip install --no-deps . \
    && python -m compileall -q /opt/venv \
    && tasklog --help > /dev/null


FROM ${PYTHON_IMAGE} AS runtime

# A fixed uid/gid so volumes and Kubernetes' runAsUser can name it.
RUN groupadd --system --gid 10001 tasklog \
    && useradd --system --uid 10001 --gid tasklog --home-dir /home/tasklog --create-home \
        --shell /usr/sbin/nologin tasklog \
    && install -d -o tasklog -g tasklog -m 0750 /var/lib/tasklog

COPY --from=builder /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TASKLOG_DATA_DIR=/var/lib/tasklog

USER tasklog:tasklog
WORKDIR /home/tasklog

EXPOSE 8000

# No HEALTHCHECK here: the image runs three different roles and only `serve` answers HTTP.
# docker-compose.yml gives each service its own check (the API: GET /health/ready with the
# Python already in the image, so no curl is needed).
ENTRYPOINT ["tasklog"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--no-access-log"]
