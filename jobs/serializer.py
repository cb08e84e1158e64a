"""arq's job and result encoding with msgspec's MessagePack instead of pickle.

Pickle would let anyone who can write to Redis run code in the worker; MessagePack
carries only data. Jobs take plain strings, so nothing else needs encoding; a failed
job's exception is recorded as its type and message.
"""

from __future__ import annotations

from typing import Any

import msgspec


def _encode_extra(value: Any) -> Any:
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"
    raise NotImplementedError(f"jobs carry plain data, not {type(value).__name__}")


_encoder = msgspec.msgpack.Encoder(enc_hook=_encode_extra)
_decoder = msgspec.msgpack.Decoder(dict[str, Any])


def serialize(data: dict[str, Any]) -> bytes:
    """Encode a job or a job result (arq's ``job_serializer``)."""
    return _encoder.encode(data)


def deserialize(payload: bytes) -> dict[str, Any]:
    """Decode a job or a job result (arq's ``job_deserializer``)."""
    return _decoder.decode(payload)
