"""Strict decoding of task bodies, reporting every offending field rather than the first.

msgspec stops at the first error and Litestar converts leniently (``"1"`` becomes ``1``);
docs/api.md wants wrong types refused and every offending field listed. So the raw body is
decoded strictly here and, when that fails, each field is checked on its own: its shape
against the request Struct (a nested object field by field), and, when the shape is
right, its value against the domain's rule, so one wrong type hides nothing else.

``StrictBody`` puts this decoder where Litestar decodes ``data``: a DTO is Litestar's
supported way to turn a handler's raw body into its ``data`` (it receives the bytes and
Litestar trusts what it returns), so the body is decoded once, by these rules, and the
OpenAPI document still describes the request Struct.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import msgspec.inspect as mi
from litestar.dto import AbstractDTO, DTOFieldDefinition
from litestar.typing import FieldDefinition

from api.wording import rule_of
from domain.draft import field_errors
from domain.errors import UNKNOWN_FIELD, FieldError, InvalidTaskInput

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference, Schema

S = TypeVar("S", bound=msgspec.Struct)


def decode_task_body(raw: bytes, struct_type: type[S]) -> S:
    """Decode ``raw`` strictly as ``struct_type`` (fields not sent stay ``UNSET``).

    Raises:
        InvalidTaskInput: listing every offending field (unknown, wrong type, out of range).
    """
    try:
        return msgspec.json.decode(raw, type=struct_type, strict=True)
    except (msgspec.ValidationError, msgspec.DecodeError):
        raise InvalidTaskInput(body_field_errors(raw, struct_type)) from None


def sent_fields(body: msgspec.Struct) -> dict[str, Any]:
    """The fields a decoded body carries, as plain values (``null`` kept, unsent left out)."""
    fields: dict[str, Any] = msgspec.to_builtins(body)
    return fields


class StrictBody(AbstractDTO[S]):
    """Decodes a handler's ``data`` with ``decode_task_body``: ``dto=StrictBody[NewTask]``.

    Set ``return_dto=None`` beside it: the responses are encoded by the handlers.
    """

    @classmethod
    def generate_field_definitions(
        cls, model_type: type[Any]
    ) -> Generator[DTOFieldDefinition, None, None]:
        """None: the body is decoded as the Struct itself, with no transfer model."""
        yield from ()

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        """Nested Structs are decoded by msgspec with the outer one."""
        return False

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None
    ) -> None:
        """Nothing to prepare: no transfer model is built."""

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: SchemaCreator
    ) -> Reference | Schema:
        """The request Struct's own schema (limits, choices and the domain's words)."""
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(cls.model_type))

    def decode_bytes(self, value: bytes) -> S:
        """The body, strictly decoded, or ``InvalidTaskInput`` naming every bad field."""
        return decode_task_body(value, self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> S:
        """Form bodies are not task bodies; a JSON body always arrives as bytes."""
        raise InvalidTaskInput([FieldError("body", "must be a JSON object")])


def body_field_errors(raw: bytes, struct_type: type[msgspec.Struct]) -> list[FieldError]:
    """Every field of ``raw`` that ``struct_type`` or the domain refuses, in body order."""
    try:
        document = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return [FieldError("body", "must be a valid JSON document")]
    if not isinstance(document, dict):
        return [FieldError("body", "must be a JSON object")]
    errors = shape_errors(document, struct_type)
    refused = {_top(error.field) for error in errors}
    errors += field_errors({k: v for k, v in document.items() if k not in refused})
    if not errors:  # decodes per field but not as a whole: report it without guessing
        return [FieldError("body", "is malformed")]
    order = {name: index for index, name in enumerate(document)}
    return sorted(errors, key=lambda error: order.get(_top(error.field), len(order)))


def shape_errors(
    document: dict[str, Any], struct_type: type[msgspec.Struct], prefix: str = ""
) -> list[FieldError]:
    """Fields of ``document`` whose shape ``struct_type`` refuses; nested objects per field.

    Each message says in words what the field must be (the field's described rule).
    """
    fields = {field.encode_name: field for field in _struct_info(struct_type).fields}
    hints = _field_types(struct_type)
    errors = [
        FieldError(f"{prefix}{name}", UNKNOWN_FIELD) for name in document if name not in fields
    ]
    for name, value in document.items():
        field = fields.get(name)
        if field is None:
            continue
        try:
            msgspec.convert(value, hints[field.name], strict=True)
            continue
        except msgspec.ValidationError:
            pass
        nested = _struct_in(field.type)
        inner = (
            shape_errors(value, nested, f"{prefix}{name}.") if nested and _is_object(value) else []
        )
        errors += inner or [FieldError(f"{prefix}{name}", f"must be {rule_of(field.type)}")]
    errors += [
        FieldError(f"{prefix}{field.encode_name}", "is required")
        for field in fields.values()
        if field.required and field.encode_name not in document
    ]
    return errors


def _top(field: str) -> str:
    return field.split(".", 1)[0]


def _is_object(value: Any) -> typing.TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)


def _struct_in(info: mi.Type) -> type[msgspec.Struct] | None:
    """The Struct a field holds (through descriptions and ``| None``), if it holds one."""
    match info:
        case mi.Metadata():
            return _struct_in(info.type)
        case mi.UnionType():
            found = [s for s in map(_struct_in, info.types) if s is not None]
            return found[0] if len(found) == 1 else None
        case mi.StructType():
            return info.cls
    return None


@functools.cache
def _struct_info(struct_type: type[msgspec.Struct]) -> mi.StructType:
    return typing.cast(mi.StructType, mi.type_info(struct_type))


@functools.cache
def _field_types(struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field's annotation, for ``msgspec.convert`` (``UNSET`` means "not sent")."""
    hints = typing.get_type_hints(struct_type, include_extras=True)
    return {name: hints[name] for name in struct_type.__struct_fields__}
