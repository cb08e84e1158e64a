"""Strict decoding of task bodies, reporting every offending field rather than the first.

msgspec stops at the first error and Litestar converts leniently (``"1"`` becomes ``1``);
api.md wants wrong types refused and every offending field listed. So the raw body is
decoded strictly here and, when that fails, each field is checked on its own.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Any, Union

import msgspec

from domain.errors import FieldError, InvalidTaskInput

_AT_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)


def decode_task_body(raw: bytes, struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    """Decode ``raw`` strictly as ``struct_type`` and return only the fields sent.

    Raises:
        InvalidTaskInput: listing every offending field (unknown, wrong type, out of range).
    """
    try:
        decoded = msgspec.json.decode(raw, type=struct_type, strict=True)
    except (msgspec.ValidationError, msgspec.DecodeError):
        raise InvalidTaskInput(body_field_errors(raw, struct_type)) from None
    fields: dict[str, Any] = msgspec.to_builtins(decoded)
    return fields


def body_field_errors(raw: bytes, struct_type: type[msgspec.Struct]) -> list[FieldError]:
    """Every field of ``raw`` that ``struct_type`` refuses, each with its reason."""
    try:
        document = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return [FieldError("body", "must be a valid JSON document")]
    if not isinstance(document, dict):
        return [FieldError("body", "must be a JSON object")]
    hints = _field_types(struct_type)
    errors = [
        FieldError(name, "unknown field") for name in sorted(set(document) - set(hints), key=str)
    ]
    for name, value in document.items():
        if name not in hints:
            continue
        try:
            msgspec.convert(value, hints[name], strict=True)
        except msgspec.ValidationError as error:
            errors.append(_field_error(name, str(error)))
    for name in sorted(_required_fields(struct_type) - set(document)):
        errors.append(FieldError(name, "is required"))
    if not errors:  # decodes per field but not as a whole: report it without guessing
        errors.append(FieldError("body", "is malformed"))
    return errors


def _field_error(name: str, text: str) -> FieldError:
    match = _AT_PATH.match(text)
    if match is None:
        return FieldError(name, text)
    path = match.group("path") or ""
    return FieldError(f"{name}{path}", match.group("message"))


@functools.cache
def _field_types(struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    hints = typing.get_type_hints(struct_type, include_extras=True)
    return {name: _without_unset(hints[name]) for name in struct_type.__struct_fields__}


@functools.cache
def _required_fields(struct_type: type[msgspec.Struct]) -> frozenset[str]:
    return frozenset(field.name for field in msgspec.structs.fields(struct_type) if field.required)


def _without_unset(annotation: Any) -> Any:
    """Drop ``UnsetType`` from a union (it is a Struct-field marker, not a value type)."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = tuple(m for m in typing.get_args(annotation) if m is not msgspec.UnsetType)
        if len(members) == 1:
            return members[0]
        return Union[members]  # noqa: UP007 - built from a tuple at run time
    return annotation
