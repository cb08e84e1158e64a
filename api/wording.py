"""The words for what a request value must be, derived from its declared type.

A request Struct's field carries the domain's rule as its description (``api.schemas``),
and a query parameter its type and limits; both become the phrase that completes
"<field> must be ...", so a client never reads a regular expression or a type name.
"""

from __future__ import annotations

from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec
import msgspec.inspect as mi
from litestar.params import KwargDefinition
from litestar.typing import FieldDefinition

from domain.draft import INSTANT_RULE
from domain.due import DATE_RULE
from domain.wording import integer_from, one_of

_CONSTRAINTS = ("ge", "le", "gt", "lt", "min_length", "max_length")


def rule_of(info: mi.Type) -> str:
    """The rule a value of the type ``info`` describes, as a noun phrase."""
    match info:
        case mi.Metadata():
            description = (info.extra_json_schema or {}).get("description")
            return str(description) if description else rule_of(info.type)
        case mi.UnionType():
            return one_of(rule_of(t) for t in info.types if not isinstance(t, mi.NoneType))
        case mi.StrType():
            return "a string" + _length(info.min_length, info.max_length, "characters")
        case mi.IntType():
            return _integer(info)
        case mi.FloatType():
            return "a number"
        case mi.BoolType():
            return "true or false"
        case mi.ListType():
            return "a list" + _length(info.min_length, info.max_length, "items")
        case mi.StructType() | mi.DictType():
            return "an object"
        case mi.DateTimeType():
            return INSTANT_RULE
        case mi.DateType():
            return DATE_RULE
        case mi.UUIDType():
            return "a UUID"
    return "a value of the documented type"


def parameter_rule(field: FieldDefinition) -> str:
    """The rule of a query, header or path parameter, from its type and declared limits."""
    kwarg = field.kwarg_definition
    limits: dict[str, Any] = {}
    if isinstance(kwarg, KwargDefinition):
        limits = {name: getattr(kwarg, name) for name in _CONSTRAINTS}
        limits = {name: value for name, value in limits.items() if value is not None}
    value_type = _without_none(field.annotation)
    annotated = Annotated[value_type, msgspec.Meta(**limits)] if limits else value_type
    try:
        return rule_of(mi.type_info(annotated))
    except TypeError:  # a type msgspec cannot describe: say nothing wrong about it
        return "a value of the documented type"


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        members = [m for m in get_args(annotation) if m is not NoneType]
        if len(members) == 1:
            return members[0]
    return annotation


def _integer(info: mi.IntType) -> str:
    low = info.ge if info.gt is None else info.gt + 1
    high = info.le if info.lt is None else info.lt - 1
    if low is not None and high is not None:
        return integer_from(low, high)
    if low is not None:
        return f"an integer of at least {low}"
    if high is not None:
        return f"an integer of at most {high}"
    return "an integer"


def _length(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and high is not None:
        return f" of {low} to {high} {unit}"
    if high is not None:
        return f" of at most {high} {unit}"
    if low == 1:
        return " that is not empty"
    if low is not None:
        return f" of at least {low} {unit}"
    return ""
