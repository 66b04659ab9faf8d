"""docs/report-schema.json, generated from the record types in ``reports.shapes``.

Every TypedDict becomes an object under ``$defs`` (its required keys, no others); ``X | None`` a
type list with "null"; a ``Literal`` a ``const`` or an ``enum``; ``Annotated`` metadata (``Doc``)
adds its keywords. ``scripts/make_report_schema.py`` writes the file; a test checks the committed
file is what this produces.
"""

from __future__ import annotations

import json
import re
import types
from typing import Any, Literal, NotRequired, Required, Union, get_args, get_origin, get_type_hints, is_typeddict

from elschool_audit.reports import shapes
from elschool_audit.reports.records import SCHEMA, SCHEMA_VERSION

_SCALARS: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def report_schema() -> dict[str, Any]:
    """The whole schema: a school or a district report, chosen by ``kind``."""
    defs: dict[str, Any] = {}
    school = _type(shapes.SchoolReport, defs)
    district = _type(shapes.DistrictReport, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://elschool-audit.invalid/report-schema.json",
        "title": "elschool-audit report",
        "description": (
            "The JSON written by `elschool-audit audit school|district --format json`. "
            f'Schema "{SCHEMA}", version {SCHEMA_VERSION}. Keys appear in a fixed order; texts (messages, labels, '
            "titles) are already rendered in the report's language (`lang`). New fields may be added within "
            "a version; a field is never renamed or removed without a new schema_version. "
            "Generated from elschool_audit/reports/shapes.py: do not edit by hand."
        ),
        "type": "object",
        "required": ["schema", "schema_version", "kind"],
        "properties": {"kind": {"enum": ["school", "district"]}},
        "if": {"properties": {"kind": {"const": "school"}}},
        "then": school,
        "else": district,
        "$defs": dict(sorted(defs.items())),
    }


def dumps() -> str:
    """The file's text: two-space indent, non-ASCII kept (the descriptions are Vietnamese in places)."""
    return json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n"


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if hasattr(tp, "__metadata__"):  # Annotated[T, Doc(...)]
        base, *meta = get_args(tp)
        out = _type(base, defs)
        for m in meta:
            if isinstance(m, shapes.Doc):
                out = {**out, **m.keywords}
        return out
    if origin in (Required, NotRequired):
        return _type(get_args(tp)[0], defs)
    if origin is Literal:
        values = list(get_args(tp))
        return {"const": values[0]} if len(values) == 1 else {"enum": values}
    if origin in (Union, types.UnionType):
        return _union(get_args(tp), defs)
    if origin is list:
        return {"type": "array", "items": _type(get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(get_args(tp)[1], defs)}
    if is_typeddict(tp):
        return _ref(tp, defs)
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    raise TypeError(f"no JSON schema for {tp!r}")


def _union(members: tuple[Any, ...], defs: dict[str, Any]) -> dict[str, Any]:
    """``str | None`` is a type list (``["string", "null"]``); any other union an ``anyOf``."""
    parts = [_type(m, defs) for m in members]
    if all(set(p) == {"type"} and isinstance(p["type"], str) for p in parts):
        return {"type": [p["type"] for p in parts]}
    return {"anyOf": parts}


def _ref(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    name = _snake(cls.__name__)
    if name not in defs:
        defs[name] = {}  # reserved first: a class met again while its fields are built is a $ref
        hints = get_type_hints(cls, include_extras=True)
        body: dict[str, Any] = {}
        doc = " ".join((cls.__doc__ or "").split())
        if doc:
            body["description"] = doc
        body["type"] = "object"
        required = [k for k in hints if k in cls.__required_keys__]
        if required:
            body["required"] = required
        body["additionalProperties"] = False
        body["properties"] = {key: _type(hint, defs) for key, hint in hints.items()}
        defs[name] = body
    return {"$ref": f"#/$defs/{name}"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
