"""Decides whether a Safeguarding Adults Review is mandatory (Care Act 2014 s44), with reasons.

The Rust engine of `safeguarding-rules`, through its JSON layer: the same answers, to the
byte, as the Rust library and every other binding.
"""

from ._native import (
    ABI_VERSION,
    RENDER_FORMATS,
    SCHEMAS,
    BookError,
    CaseError,
    Engine,
    Error,
    InternalError,
    LoadError,
    UsageError,
    schema,
)

__all__ = [
    "ABI_VERSION",
    "RENDER_FORMATS",
    "SCHEMAS",
    "BookError",
    "CaseError",
    "Engine",
    "Error",
    "InternalError",
    "LoadError",
    "UsageError",
    "schema",
]
