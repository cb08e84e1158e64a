"""Decoding stored events fast, for the passes that decode every event: rebuilds, verification.

eventsourcing's ``JSONTranscoder`` decodes with the standard library's ``json`` and a
Python hook called for every JSON object; decoding was a fifth of a rebuild worker's
time. ``FastJSONTranscoder`` reads the same JSON with msgspec and then revives the
``{"_type_": ..., "_data_": ...}`` objects with the same registered transcodings, bottom
up as the hook does, so it returns exactly what the application's transcoder would. A
document msgspec refuses (JSON that only the standard library accepts, such as ``NaN``) is
decoded by the standard library after all. Encoding is the application's own.
"""

from __future__ import annotations

from typing import Any

import msgspec
from eventsourcing.persistence import JSONTranscoder, Mapper, TranscodingNotRegisteredError

_CONTAINERS = frozenset({dict, list})


class FastJSONTranscoder(JSONTranscoder):
    """The application's JSON transcoder, decoding with msgspec."""

    def __init__(self, like: JSONTranscoder) -> None:
        """Register every transcoding ``like`` has."""
        super().__init__()
        for transcoding in like.names.values():
            self.register(transcoding)
        self._decoder = msgspec.json.Decoder()

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
