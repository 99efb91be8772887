"""Type stubs for safeguarding_rules (the compiled module `safeguarding_rules._native`)."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypedDict, Union

ABI_VERSION: int
RENDER_FORMATS: list[str]
SCHEMAS: list[str]

JsonValue = Union[None, bool, int, float, str, Sequence["JsonValue"], Mapping[str, "JsonValue"]]
Case = Union[str, bytes, Mapping[str, JsonValue]]
"""A case: its JSON text, or the same document as a dict."""

class Problem(TypedDict):
    pointer: str
    code: str
    message: str

class Error(Exception):
    """An error from the engine."""

    code: Literal["case_error", "load_error", "book_error", "usage_error", "internal_error"]
    message: str
    problems: list[Problem]

class CaseError(Error):
    """The case is not JSON, not a case, or does not fit the rule set."""

class LoadError(Error):
    """A rule file given to the engine did not load."""

class BookError(Error):
    """The rule book has no rule set for the case, or none in force on its date."""

class UsageError(Error):
    """The call itself is wrong: an unknown format or schema, bad options."""

class InternalError(Error):
    """A defect in the library; never expected."""

class ReplayDifference(TypedDict):
    at: str
    before: Any
    after: Any

class ReplayReport(TypedDict):
    reference: str | None
    verdict: str
    differences: list[ReplayDifference]
    detail: str

class Engine:
    """The embedded rule packs plus any rule files given as text.

    Build it once and share it between threads: it is immutable, and every call releases
    the GIL while it evaluates.
    """

    def __init__(self, rule_files: Iterable[str | bytes] | None = None) -> None: ...
    def evaluate(
        self, case: Case, *, as_of: str | None = None, counterfactuals: bool = False
    ) -> dict[str, Any]:
        """The determination as a dict, equal to `json.loads(evaluate_json(...))`."""
    def evaluate_json(
        self, text: str | bytes, options: str | Mapping[str, JsonValue] | None = None
    ) -> str:
        """The determination's JSON text, exactly the Rust library's bytes."""
    def render(self, case: Case, format: Literal["json", "text", "markdown", "dot", "mermaid", "html"]) -> str: ...
    def record(self, case: Case) -> str:
        """One audit record line (no trailing newline)."""
    def replay(self, line: str | bytes) -> ReplayReport: ...
    def report(
        self, records: str | bytes, options: str | Mapping[str, JsonValue] | None = None
    ) -> dict[str, Any]:
        """The report of audit records (JSON Lines) for a period: options
        `{"year": 2024}` or `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`."""
    def report_json(
        self, records: str | bytes, options: str | Mapping[str, JsonValue] | None = None
    ) -> str:
        """The report's JSON text, exactly the Rust library's bytes."""
    def case_schema(self, id: str) -> dict[str, Any]:
        """The JSON Schema of a case for the newest version of a rule set."""

def schema(which: Literal["rules", "determination", "record", "case", "report"]) -> dict[str, Any]:
    """A generic JSON Schema."""

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
