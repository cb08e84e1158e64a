"""eventsourcing's JSON transcoding done by msgspec, for the passes that touch every event
or task state: rebuilds, verification, and the task states the read models keep.

eventsourcing's ``JSONTranscoder`` decodes with the standard library's ``json`` and a
Python hook called for every JSON object, and encodes through a hook called for every
datetime and UUID: decoding was a fifth of a rebuild worker's time, encoding a task's
state (25 µs) a third. ``FastJSONTranscoder`` reads and writes the same JSON with msgspec:

- decoding revives the ``{"_type_": ..., "_data_": ...}`` objects with the registered
  transcodings, bottom up as the hook does, so it returns exactly what the application's
  transcoder would; a document msgspec refuses (JSON that only the standard library
  accepts, such as ``NaN``) is decoded by the standard library after all;
- encoding first replaces every value of a registered type by that object, as the hook
  does, so the text is the standard transcoder's (compact, not ASCII-escaped) but for one
  spelling: a UTC datetime, written by msgspec in C, ends in ``Z`` where ``isoformat``
  writes ``+00:00`` (``datetime.fromisoformat`` reads both as the same instant in
  ``UTC``; other offsets, which msgspec would round to the minute, go through the
  transcoding); a value of a type with no transcoding is refused with the same error.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import (
    DatetimeAsISO,
    JSONTranscoder,
    Mapper,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

_CONTAINERS = frozenset({dict, list})
_JSON_SCALARS = frozenset({str, int, bool, type(None)})
"""Values msgspec writes as the standard encoder does (floats are checked: ``NaN``)."""
_SCALAR_BASES: tuple[tuple[type, Any], ...] = (
    (str, str.__str__),
    (int, int.__int__),
    (float, float.__float__),
)
"""Each JSON scalar type with what its subclasses' values (an enum member's, say) are."""


class _Tagged(msgspec.Struct, rename={"name": "_type_", "data": "_data_"}):
    """A transcoded object whose data msgspec writes itself (a UTC datetime, a UUID)."""

    name: str
    data: Any


class _NonFiniteFloat(Exception):
    """A document holds ``NaN`` or an infinity: the standard library encodes it."""


class FastJSONTranscoder(JSONTranscoder):
    """The application's JSON transcoder, encoding and decoding with msgspec."""

    def __init__(self, like: JSONTranscoder) -> None:
        """Register every transcoding ``like`` has."""
        super().__init__()
        for transcoding in like.names.values():
            self.register(transcoding)
        self._decoder = msgspec.json.Decoder()
        self._encoder = msgspec.json.Encoder(uuid_format="hex")
        self._utc_name = self._name_if(datetime, DatetimeAsISO)
        self._uuid_name = self._name_if(UUID, UUIDAsHex)

    def _name_if(self, kind: type, expected: type) -> str | None:
        """The name ``kind`` is tagged with, when eventsourcing's ``expected`` transcodes it."""
        transcoding = self.types.get(kind)
        if transcoding is None or type(transcoding) is not expected:
            return None
        return transcoding.name

    def encode(self, obj: Any) -> bytes:
        try:
            return self._encoder.encode(self._tagged(obj))
        except _NonFiniteFloat:
            return super().encode(obj)  # msgspec would write null; json writes NaN

    def _tagged(self, value: Any) -> Any:
        """``value`` with each object of a registered type replaced by its tagged form."""
        kind = type(value)
        if kind is dict or (kind not in self.types and isinstance(value, dict)):
            return {
                key: item if type(item) in _JSON_SCALARS else self._tagged(item)
                for key, item in value.items()
            }
        if (
            kind is list
            or kind is tuple
            or (kind not in self.types and isinstance(value, list | tuple))
        ):
            return [item if type(item) in _JSON_SCALARS else self._tagged(item) for item in value]
        if kind in _JSON_SCALARS:
            return value
        if kind is datetime and value.tzinfo is UTC and self._utc_name is not None:
            return _Tagged(self._utc_name, value)
        if kind is UUID and self._uuid_name is not None:
            return _Tagged(self._uuid_name, value)
        if kind is float:
            if not math.isfinite(value):
                raise _NonFiniteFloat
            return value
        transcoding = self.types.get(kind)
        if transcoding is not None:
            return {"_type_": transcoding.name, "_data_": self._tagged(transcoding.encode(value))}
        # Subclasses of the JSON scalars are written as their base values, as the standard
        # encoder writes them; anything else has no transcoding and is refused.
        for base, plain in _SCALAR_BASES:
            if isinstance(value, base):
                return plain(value)
        return self._encode_obj(value)

    def decode(self, data: bytes) -> Any:
        try:
            value = self._decoder.decode(data)
        except msgspec.DecodeError:
            return super().decode(data)
        return self._revive(value) if type(value) in _CONTAINERS else value

    def _revive(self, value: Any) -> Any:
        """Transcoded objects in ``value`` replaced by their values, innermost first."""
        if type(value) is list:
            for index, item in enumerate(value):
                if type(item) in _CONTAINERS:
                    value[index] = self._revive(item)
            return value
        for key, item in value.items():
            if type(item) in _CONTAINERS:
                value[key] = self._revive(item)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            name = value["_type_"]
            try:
                transcoding = self.names[name]
            except KeyError as error:
                raise TranscodingNotRegisteredError(
                    f"Data serialized with name '{name}' is not deserializable. Please "
                    "register a custom transcoding for this type."
                ) from error
            return transcoding.decode(value["_data_"])
        return value


def fast_mapper(mapper: Mapper[Any]) -> Mapper[Any]:
    """``mapper`` with a ``FastJSONTranscoder`` (its cipher and compressor kept).

    A mapper whose transcoder is not eventsourcing's JSON one is returned unchanged.
    """
    if type(mapper.transcoder) is not JSONTranscoder:
        return mapper
    return Mapper(
        transcoder=FastJSONTranscoder(mapper.transcoder),
        compressor=mapper.compressor,
        cipher=mapper.cipher,
    )
