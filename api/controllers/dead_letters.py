"""A read model's parked events, and retrying one of them, for the ``operator`` role.

``GET /api/v1/ops/projections/{name}/dead-letters`` lists the serving version's parked
events; ``POST .../dead-letters/{position}/retry`` folds one into the serving version,
exactly once (``projections.dead_letters``): ``200`` with ``"outcome": "folded"`` (the
letter is gone) or ``"parked"`` (it failed again: ``attempts`` counts it, ``error`` is the
new one). The retry runs in a worker thread; the event loop never waits on it.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter

from api.controllers.ops import OPS_PROBLEMS
from api.middleware.auth import requires_operator
from api.problems import ApiProblem, problem_spec
from api.resources import Resources
from api.responses import JSON
from projections.catalog import UnknownProjection
from projections.dead_letters import (
    DeadLetterNotFound,
    RetryOutcome,
    list_dead_letters,
    retry_dead_letter,
)
from projections.registry import projection_named
from projections.runner.event_source import EventSource

NO_SUCH_READ_MODEL = "No read model has that name"
MAX_POSITION = 2**63 - 1

Name = Annotated[str, PathParameter(description="Read model name, e.g. task_list")]
Position = Annotated[
    int, PathParameter(ge=1, le=MAX_POSITION, description="Global position of the parked event")
]


class DeadLetterController(Controller):
    """Parked events of the serving versions, and their retry."""

    path = "/api/v1/ops/projections/{name:str}/dead-letters"
    tags = ["operations"]
    guards = [requires_operator]

    @get(
        "/",
        responses={**OPS_PROBLEMS, 404: problem_spec(NO_SUCH_READ_MODEL)},
        summary="The serving version's parked events, oldest first",
    )
    async def list_letters(
        self, resources: NamedDependency[Resources], name: Name
    ) -> Response[list[dict[str, Any]]]:
        """``[{"name", "version", "position", "task_id", "type", "error", "attempts", ...}]``."""
        _known(name)
        datastore = EventSource(resources.application).recorder.datastore

        def read() -> list[dict[str, Any]]:
            with datastore.transaction(commit=False) as curs:
                return [
                    letter.as_dict() for letter in list_dead_letters(curs, datastore.schema, name)
                ]

        try:
            letters: list[dict[str, Any]] = await resources.run_in_worker(read)
        except UnknownProjection:
            raise ApiProblem(404, NO_SUCH_READ_MODEL) from None
        return Response(content=letters, media_type=JSON)

    @post(
        "/{position:int}/retry",
        status_code=200,
        responses={
            **OPS_PROBLEMS,
            404: problem_spec("No such read model, or no event parked at that position"),
        },
        summary="Fold one parked event into the serving version (exactly once)",
    )
    async def retry(
        self, resources: NamedDependency[Resources], name: Name, position: Position
    ) -> Response[dict[str, Any]]:
        """``outcome`` ``folded`` removes the letter; ``parked`` counts one more attempt."""
        projection = _known(name)
        source = EventSource(resources.application)
        call = partial(
            retry_dead_letter,
            projection,
            datastore=source.recorder.datastore,
            source=source,
            position=position,
        )
        try:
            outcome: RetryOutcome = await resources.run_in_worker(call)
        except UnknownProjection:
            raise ApiProblem(404, NO_SUCH_READ_MODEL) from None
        except DeadLetterNotFound:
            raise ApiProblem(404, f"{name} has no event parked at position {position}") from None
        return Response(content=outcome.as_dict(), media_type=JSON)


def _known(name: str) -> Any:
    try:
        return projection_named(name)
    except KeyError:
        raise ApiProblem(404, NO_SUCH_READ_MODEL) from None
