"""Over-deep JSON bodies are a 400 naming ``body``, never a 500 (``RecursionError``)."""

from __future__ import annotations

import base64
import uuid

import pytest

from api.json_depth import MAX_JSON_DEPTH
from tests.api.conftest import Mint
from tests.api.helpers import TASKS, Auth, Client, assert_problem, create_task, field_names


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


DEEP_BODIES = {
    "array": nested(1000),
    "object": b'{"a":' * 1000 + b"1" + b"}" * 1000,
    "in a field": b'{"title": "x", "tags": ' + nested(1000) + b"}",
    "unclosed": b"[" * 20_000,
}


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
async def test_a_body_nested_a_thousand_deep_is_400_naming_body(
    client: Client, auth: Auth, user: str, body: bytes, content_type: str
) -> None:
    headers = auth(user) | {"Content-Type": content_type}
    task = await create_task(client, auth(user))

    created = await client.post(TASKS, content=body, headers=headers)
    changed = await client.patch(f"{TASKS}/{task['id']}", content=body, headers=headers)
    replaced = await client.put(f"{TASKS}/{task['id']}", content=body, headers=headers)

    for response in (created, changed, replaced):
        problem = assert_problem(response, 400)
        assert field_names(problem) == {"body"}
        assert str(MAX_JSON_DEPTH) in problem["errors"][0]["message"]
    unchanged = await client.get(
        f"{TASKS}/{task['id']}?version={task['version']}", headers=auth(user)
    )
    assert unchanged.json() == task


async def test_the_limit_is_on_depth_not_on_size(client: Client, auth: Auth, user: str) -> None:
    at_limit = b'{"title": "x", "description": ' + nested(MAX_JSON_DEPTH - 1) + b"}"
    over = b'{"title": "x", "description": ' + nested(MAX_JSON_DEPTH) + b"}"
    headers = auth(user) | {"Content-Type": "application/json"}

    wrong_type = await client.post(TASKS, content=at_limit, headers=headers)
    too_deep = await client.post(TASKS, content=over, headers=headers)
    recurring = await client.post(
        TASKS,
        json={"title": "x", "recurrence": {"frequency": "weekly", "by_weekday": ["MO"]}},
        headers=auth(user),
    )

    assert field_names(assert_problem(wrong_type, 400)) == {"description"}
    assert field_names(assert_problem(too_deep, 400)) == {"body"}
    assert recurring.status_code == 201, recurring.text


async def test_a_deep_body_with_an_idempotency_key_is_400_every_time(
    client: Client, auth: Auth, user: str
) -> None:
    headers = auth(user) | {"Idempotency-Key": f"deep-{uuid.uuid4()}"}

    first = await client.post(TASKS, content=DEEP_BODIES["array"], headers=headers)
    second = await client.post(TASKS, content=DEEP_BODIES["array"], headers=headers)

    assert field_names(assert_problem(first, 400)) == {"body"}
    assert second.status_code == 400
    assert second.content == first.content


async def test_a_token_with_an_over_deep_header_is_refused_like_any_invalid_token(
    client: Client, mint: Mint
) -> None:
    _, payload, signature = mint("alice").split(".")
    deep_header = base64.urlsafe_b64encode(nested(2000)).rstrip(b"=").decode()
    token = f"{deep_header}.{payload}.{signature}"

    response = await client.get(
        f"{TASKS}/{uuid.uuid4()}", headers={"Authorization": f"Bearer {token}"}
    )

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
