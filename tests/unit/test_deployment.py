"""The deployment files hold together: docker-compose.yml and the Dockerfile.

No Docker engine runs where the tests run, so these files are checked by reading them:
the compose file against the Compose Specification's JSON Schema, its commands against the
real ``tasklog`` CLI, its variables against ``Settings``, and the Dockerfile's stages.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import os
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
import yaml

from infrastructure.settings import PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

SHARED_DIR_VARIABLE = "TASKLOG_TEST_SHARED_DIR"
"""Where the shared checkout is; when set (``.ci/run`` sets it), its files must be there."""
SHARED_DIR = Path(os.environ.get(SHARED_DIR_VARIABLE) or ROOT.parent / "shared")
COMPOSE_SCHEMA = SHARED_DIR / "schemas" / "compose-spec.json"
"""The Compose Specification's JSON Schema. It is not part of this repository: it lives in
the shared checkout beside it (``../shared``), which CI has and a lone clone does not."""

TASKLOG_SERVICES = ("api", "projector", "worker")
"""Services that run the Tasklog image (entry point ``tasklog``, command = its arguments)."""

BUILD_TOOLS = ("build-essential", "gcc", "g++", "clang", "make", "libpq-dev", "python3-dev")
_VARIABLE_REFERENCE = re.compile(r"\$\{?(TASKLOG_[A-Z0-9_]+)")


# -- compose --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def cli_main() -> click.Group:
    return _cli_main()


def _cli_main() -> click.Group:
    # Imported here, not at module level, so a missing CLI fails the tests that need it
    # and leaves the file checks running.
    main = importlib.import_module("api.cli").main
    assert isinstance(main, click.Group), "api.cli.main should be the `tasklog` click group"
    return main


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    """The Compose Specification's JSON Schema; skips where the shared checkout is absent."""
    if not COMPOSE_SCHEMA.is_file():
        reason = (
            f"the Compose Specification's JSON Schema lives outside this repository, in the "
            f"shared checkout beside it, and {COMPOSE_SCHEMA} is not there; CI has it (set "
            f"{SHARED_DIR_VARIABLE} to the shared checkout to run this)"
        )
        if os.environ.get(SHARED_DIR_VARIABLE):
            pytest.fail(reason)
        pytest.skip(reason)
    schema = yaml.safe_load(COMPOSE_SCHEMA.read_text())  # JSON is YAML
    assert isinstance(schema, dict)
    return schema


def test_compose_schema_is_json_schema_draft_7(compose_schema: dict[str, Any]) -> None:
    assert "draft-07" in compose_schema["$schema"]
    jsonschema.Draft7Validator.check_schema(compose_schema)


def test_compose_file_is_valid_against_the_compose_spec(
    compose: dict[str, Any], compose_schema: dict[str, Any]
) -> None:
    validator = jsonschema.Draft7Validator(compose_schema)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, error.path)) or '(root)'}: {error.message}" for error in errors
    )


def test_compose_has_the_five_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "redis", *TASKLOG_SERVICES}


@pytest.mark.parametrize("name", ["postgres", "redis", *TASKLOG_SERVICES])
def test_every_service_has_a_healthcheck_and_a_restart_policy(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    healthcheck = service.get("healthcheck") or {}
    assert healthcheck.get("test"), f"{name} has no healthcheck"
    assert not healthcheck.get("disable"), f"{name} disables its healthcheck"
    assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, (
        f"{name} has no restart policy"
    )


def test_postgres_keeps_its_data_in_a_volume_and_is_checked_with_pg_isready(
    compose: dict[str, Any],
) -> None:
    postgres = compose["services"]["postgres"]
    assert re.match(r"^postgres:1[56]\b", postgres["image"])
    assert any(
        str(volume).split(":")[1:2] == ["/var/lib/postgresql/data"]
        for volume in postgres["volumes"]
    )
    assert "pg_isready" in " ".join(_as_list(postgres["healthcheck"]["test"]))
    assert "POSTGRES_PASSWORD" in postgres["environment"]


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_tasklog_services_wait_for_healthy_dependencies(compose: dict[str, Any], name: str) -> None:
    depends_on = compose["services"][name]["depends_on"]
    assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
    for dependency in ("postgres", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy", (name, dependency)


def test_api_serves_with_two_workers_on_port_8000(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    command = _as_list(api["command"])
    assert command[0] == "serve"
    assert command[command.index("--workers") + 1] == "2"
    assert any(str(port).endswith(":8000") for port in api["ports"])


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_service_command_is_a_tasklog_command(
    compose: dict[str, Any], cli_main: click.Group, name: str
) -> None:
    arguments = _as_list(compose["services"][name]["command"])
    _check_tasklog_arguments(cli_main, arguments, where=f"services.{name}.command")


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_tasklog_in_a_healthcheck_is_a_tasklog_command(compose: dict[str, Any], name: str) -> None:
    test = _as_list(compose["services"][name]["healthcheck"]["test"])
    for arguments in _tasklog_invocations(test):
        _check_tasklog_arguments(_cli_main(), arguments, where=f"services.{name}.healthcheck")


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_python_in_a_healthcheck_compiles_and_imports_what_exists(
    compose: dict[str, Any], name: str
) -> None:
    test = _as_list(compose["services"][name]["healthcheck"]["test"])
    for code in _python_snippets(test):
        tree = ast.parse(code)  # a SyntaxError fails the test with the line
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    importlib.import_module(alias.name)


def test_every_tasklog_variable_in_compose_is_a_setting(compose: dict[str, Any]) -> None:
    fields = _settings_fields()
    named = set(_VARIABLE_REFERENCE.findall(COMPOSE_FILE.read_text()))
    for service in compose["services"].values():
        named |= {key for key in _environment(service) if key.startswith(PREFIX)}
    # TASKLOG_IMAGE and TASKLOG_API_PORT only shape the compose file (image tag, host port).
    compose_only = {"TASKLOG_IMAGE", "TASKLOG_API_PORT"}
    unknown = sorted(name for name in named - compose_only if _field_name(name) not in fields)
    assert not unknown, f"not fields of Settings: {unknown}"


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_every_setting_is_wired_into_each_tasklog_service(
    compose: dict[str, Any], name: str
) -> None:
    wired = {_field_name(key) for key in _environment(compose["services"][name])}
    missing = sorted(PREFIX + f.upper() for f in _settings_fields() - wired)
    assert not missing, f"{name} does not set {missing}"


@pytest.mark.parametrize("name", TASKLOG_SERVICES)
def test_tasklog_services_reach_postgres_and_redis_by_service_name(
    compose: dict[str, Any], name: str
) -> None:
    environment = _environment(compose["services"][name])
    assert "@postgres:5432/" in environment["TASKLOG_DATABASE_URL"]
    assert environment["TASKLOG_REDIS_URL"].startswith("redis://redis:6379")
    assert environment["TASKLOG_ENV"] == "production"


# -- Dockerfile -----------------------------------------------------------------------------


@dataclass
class Stage:
    """One ``FROM`` section of a Dockerfile and its instructions."""

    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def arguments(self, keyword: str) -> list[str]:
        return [arguments for kw, arguments in self.instructions if kw == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages of (INSTRUCTION, arguments), continuations joined."""
    stages: list[Stage] = []
    for line in _logical_lines(text):
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        arguments = arguments.strip()
        if keyword == "FROM":
            words = [w for w in arguments.split() if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append((keyword, arguments))
    return stages


def _logical_lines(text: str) -> Iterator[str]:
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments may sit inside a continued instruction
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        yield pending + stripped
        pending = ""
    if pending.strip():
        yield pending.strip()


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile(DOCKERFILE.read_text())


def test_dockerfile_is_multi_stage(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    final = stages[-1]
    copied = [a for a in final.arguments("COPY") if "--from=" in a]
    assert copied, "the final stage should copy the built venv from the builder stage"
    assert all("/opt/venv" in a for a in copied), copied


def test_final_stage_is_a_slim_python_image(stages: list[Stage]) -> None:
    args = dict(_build_args(DOCKERFILE.read_text()))
    base = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), stages[-1].base)
    assert re.fullmatch(r"python:3\.1[12]-slim(-\w+)?", base), base


def test_final_stage_runs_as_a_non_root_user(stages: list[Stage]) -> None:
    users = stages[-1].arguments("USER")
    assert users, "the final stage has no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}, users


def test_entry_point_is_tasklog_and_the_default_command_serves(stages: list[Stage]) -> None:
    final = stages[-1]
    assert final.arguments("ENTRYPOINT")[-1].replace(" ", "") == '["tasklog"]'
    command = yaml.safe_load(final.arguments("CMD")[-1])  # exec form is a JSON list
    assert command[0] == "serve"


def test_default_command_is_a_tasklog_command(stages: list[Stage], cli_main: click.Group) -> None:
    command = yaml.safe_load(stages[-1].arguments("CMD")[-1])
    _check_tasklog_arguments(cli_main, command, where="Dockerfile CMD")


def test_final_stage_installs_no_build_tools(stages: list[Stage]) -> None:
    final_runs = " ".join(stages[-1].arguments("RUN"))
    words = set(re.split(r"[\s;&|]+", final_runs))
    assert not words & set(BUILD_TOOLS), sorted(words & set(BUILD_TOOLS))
    assert "pip install" not in final_runs, "the final stage should only copy the venv"


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text().splitlines()}
    assert {".git", ".venv", ".tasklog"} <= ignored


# -- helpers --------------------------------------------------------------------------------


def _as_list(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def _environment(service: Mapping[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        pairs = (item.partition("=") for item in environment)
        return {key: value for key, _, value in pairs}
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def _settings_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(Settings)}


def _field_name(variable: str) -> str:
    return variable.removeprefix(PREFIX).lower()


def _build_args(text: str) -> Iterator[tuple[str, str]]:
    for line in _logical_lines(text):
        keyword, _, rest = line.partition(" ")
        if keyword.upper() == "ARG" and "=" in rest:
            name, _, default = rest.strip().partition("=")
            yield name, default


def _python_snippets(test: list[str]) -> Iterator[str]:
    """The code of every ``python -c CODE`` in an exec-form healthcheck."""
    words = test[1:] if test and test[0] == "CMD" else []
    for index, word in enumerate(words[:-2]):
        if word in {"python", "python3"} and words[index + 1] == "-c":
            yield words[index + 2]


def _tasklog_invocations(test: list[str]) -> Iterator[list[str]]:
    """Argument lists of every ``tasklog ...`` a healthcheck runs."""
    words = test[1:] if test and test[0] in {"CMD", "CMD-SHELL"} else test
    if test and test[0] == "CMD-SHELL":
        words = shlex.split(" ".join(words))
    for index, word in enumerate(words):
        if word == "tasklog":
            rest = words[index + 1 :]
            end = next((i for i, w in enumerate(rest) if w in {"&&", "||", ";", "|"}), len(rest))
            yield rest[:end]


def _check_tasklog_arguments(main: click.Group, arguments: list[str], *, where: str) -> None:
    """Resolve ``tasklog <arguments>`` to a leaf command and parse its options.

    Fails when a subcommand does not exist or an option or argument is not one the
    command takes, exactly as ``tasklog`` itself would refuse it at startup.
    """
    command: click.Command = main
    context = main.make_context("tasklog", [], resilient_parsing=True)
    remaining = list(arguments)
    path = ["tasklog"]
    while isinstance(command, click.Group):
        known = sorted(command.list_commands(context))
        if not remaining or remaining[0].startswith("-"):
            pytest.fail(
                f"{where}: {shlex.join(arguments)!r} names no subcommand of "
                f"`{' '.join(path)}` (it has {known})"
            )
        wanted = remaining[0]
        name, subcommand, remaining = command.resolve_command(context, remaining)
        if subcommand is None or name is None:
            pytest.fail(f"{where}: `{' '.join(path)}` has no command {wanted!r} (it has {known})")
        path.append(name)
        context = subcommand.make_context(name, [], parent=context, resilient_parsing=True)
        command = subcommand
    try:
        command.make_context(path[-1], list(remaining), parent=context.parent)
    except click.UsageError as error:
        pytest.fail(f"{where}: `{' '.join(path)}` refuses {remaining}: {error.format_message()}")
