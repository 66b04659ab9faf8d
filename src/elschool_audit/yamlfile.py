"""Load YAML into pydantic models with errors that name the file, line and field.

People edit rubrics, rosters and waiver files by hand; "validation error at rules.3.check.min"
is not enough for them, "rubrics/x.yaml:57, field 'min'" is. We keep the YAML node tree next to
the data so each pydantic error location can be mapped back to a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from elschool_audit.errors import AuditError, Location
from elschool_audit.i18n import LABELS, LANGS, Lang, label, render
from elschool_audit.results import Msg

M = TypeVar("M", bound=BaseModel)


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses duplicate keys: a duplicated rule field silently wins otherwise.

    Built on libyaml's parser when PyYAML has it: the bundled rubric is read on every run, and the
    pure-Python scanner spent seconds on it; the constructor (and so this check) stays Python."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, Hashable) or isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a text or a number", key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node))


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def node_line(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the deepest node reachable along ``path`` (pydantic's ``loc``)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == str(part):
                    nxt = value_node
                    line = key_node.start_mark.line + 1
                    break
            if nxt is None:
                continue  # a pydantic-only part of loc (a union tag): skip it
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


MAX_BYTES = 5 * 1024 * 1024
"""A rubric, roster or waiver file is hand-written: a few hundred KB at most."""
MAX_DEPTH = 64
MAX_NODES = 500_000
"""Values counted as the data will be used, aliases expanded: an 825-byte "billion laughs" file
expands to 10**9 and would take minutes and gigabytes to validate."""


def _check_events(text: str) -> tuple[str, int, int] | None:
    """Walk the YAML events (streaming, no recursion): a problem with its line and how far it got,
    or None. Syntax errors propagate as ``yaml.MarkedYAMLError``."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []
    total = 0
    for event in yaml.parse(text, Loader=_UniqueKeyLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.CollectionStartEvent):
            total += 1
            stack.append([1, event.anchor])
            if len(stack) > MAX_DEPTH:
                return "yaml_too_deep", line, len(stack)
        elif isinstance(event, yaml.CollectionEndEvent):
            n, anchor = stack.pop()
            if anchor:
                sizes[anchor] = n
            if stack:
                stack[-1][0] += n
        elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            n = 1 if isinstance(event, yaml.ScalarEvent) else sizes.get(event.anchor or "", 1)
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
            total += n
            if stack:
                stack[-1][0] += n
        if total > MAX_NODES:
            return "yaml_too_many_values", line, total
    return None


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for error lines) and the data built from that same tree: one parse, not two."""
    loader = _UniqueKeyLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def load_yaml(path: Path, error: type[AuditError]) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into Python data and its node tree; syntax errors are located.

    Size, nesting depth and the number of values (aliases expanded) are checked on the event
    stream first, so a hostile file is refused in milliseconds with a located error.
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise error("yaml_file_too_large", Location(file=str(path)), limit=f"{MAX_BYTES:,}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error("yaml_file_missing", Location(file=str(path))) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error("yaml_file_unreadable", Location(file=str(path)), reason=str(exc)) from exc
    return load_yaml_text(text, str(path), error)


def load_yaml_text(text: str, name: str, error: type[AuditError]) -> tuple[Any, yaml.Node | None]:
    """:func:`load_yaml` for text read elsewhere (a file in Drive); ``name`` locates the errors."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise error("yaml_file_too_large", Location(file=name), limit=f"{MAX_BYTES:,}")
    try:
        bad = _check_events(text)
        if bad is not None:
            raise error("yaml_invalid_reason", Location(file=name, line=bad[1]), reason=Msg(bad[0]))
        root, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            "yaml_invalid_reason",
            Location(file=name, line=mark.line + 1 if mark else None),
            reason=str(exc.problem or exc.context),
        ) from exc
    except yaml.YAMLError as exc:
        raise error("yaml_invalid_reason", Location(file=name), reason=str(exc)) from exc
    return data, root


_PROBLEMS: dict[str, str] = {
    "missing": "yaml_missing",
    "extra_forbidden": "yaml_extra",
    "string_type": "yaml_need_text",
    "int_type": "yaml_need_int",
    "int_parsing": "yaml_need_int",
    "int_from_float": "yaml_need_int",
    "float_type": "yaml_need_number",
    "float_parsing": "yaml_need_number",
    "bool_type": "yaml_need_bool",
    "bool_parsing": "yaml_need_bool",
    "date_type": "yaml_need_date",
    "date_parsing": "yaml_need_date",
    "date_from_datetime_parsing": "yaml_need_date",
    "date_from_datetime_inexact": "yaml_need_date",
    "literal_error": "yaml_need_choice",
    "enum": "yaml_need_choice",
    "string_too_short": "yaml_text_too_short",
    "string_too_long": "yaml_text_too_long",
    "too_short": "yaml_too_few_items",
    "too_long": "yaml_too_many_items",
    "greater_than_equal": "yaml_need_ge",
    "greater_than": "yaml_need_gt",
    "less_than_equal": "yaml_need_le",
    "less_than": "yaml_need_lt",
    "list_type": "yaml_need_list_lines",
    "tuple_type": "yaml_need_list",
    "set_type": "yaml_need_list",
    "dict_type": "yaml_need_mapping",
    "model_type": "yaml_need_mapping",
    "model_attributes_type": "yaml_need_mapping",
    "union_tag_invalid": "yaml_no_such_type",
    "union_tag_not_found": "yaml_type_missing",
    "value_error": "yaml_invalid_because",
    "assertion_error": "yaml_invalid_because",
}
"""pydantic's error types → the catalogue's words for the people who edit the YAML files. Anything
not listed reads ``yaml_not_valid`` ("không hợp lệ"): pydantic's own English (or a pattern) never
reaches them."""


def _ctx(err: Any, lang: Lang) -> dict[str, str]:
    """The error's context as text ("'MN', 'TH' or 'THCS'" says "hoặc" in Vietnamese)."""
    out = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    for key in ("expected", "expected_tags"):
        if key in out:
            out[key] = out[key].replace(" or ", f" {label('or', lang)} ")
    return out


def _found(err: Any, lang: Lang) -> str:
    """What the file holds, when it is a short scalar worth quoting."""
    value = err.get("input")
    if err["type"] in ("missing", "extra_forbidden") or not isinstance(value, str | int | float | dt.date):
        return ""
    text = " ".join(str(value).split())
    return label("yaml_found", lang, text=text if len(text) <= 60 else text[:60] + "…")


def _problem(err: Any, more: int) -> tuple[str, str]:
    """'cần một trong: …' and its English; the place (file, line, field) is the error's location."""
    key = _PROBLEMS.get(err["type"], "yaml_not_valid")
    out = []
    for lang in LANGS:
        ctx = _ctx(err, lang)
        if err["type"] in ("value_error", "assertion_error"):  # our own validators' words
            ctx["error"] = _own_words(err, lang)
        template = LABELS[key][LANGS.index(lang)]
        more_text = label("yaml_more_errors", lang, more=more) if more else ""
        out.append(f"{template.format_map(_Blank(ctx))}{_found(err, lang)}{more_text}")
    return out[0], out[1]


class Invalid(ValueError):
    """A validator's refusal in the catalogue's words (``raise Invalid("key", **params)``): pydantic
    keeps the exception, and ``validation_error`` renders it in each language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.msg = Msg(key, params)
        super().__init__(render(self.msg, "en"))


def _own_words(err: Any, lang: Lang) -> str:
    """What one of our validators said: an ``Invalid`` in the language asked for, else its text."""
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, Invalid):
        return render(cause.msg, lang)
    return str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def validation_error(exc: ValidationError, path: Path, root: yaml.Node | None, error: type[AuditError]) -> AuditError:
    """The first pydantic error as an ``AuditError`` at its YAML line and field (the rest counted),
    worded for the people who edit the file, in Vietnamese and in English."""
    errors = exc.errors()
    # A mistyped key is both "extra" (at its line) and "missing" (at the mapping): name the typo.
    first = next((e for e in errors if e["type"] != "missing"), errors[0])
    loc = [p for p in first["loc"] if isinstance(p, (str, int))]
    if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
        loc.append("type")  # point at the offending `type:` key, not the mapping that holds it
    line = node_line(root, loc)
    field = ".".join(str(p) for p in loc) or None
    vi, en = _problem(first, len(errors) - 1)
    return error(
        Msg("yaml_invalid", {"problem_vi": vi, "problem_en": en}), Location(file=str(path), line=line, field=field)
    )


def load_model(path: Path, model: type[M], error: type[AuditError], context: dict[str, Any] | None = None) -> M:
    """Load and validate a YAML file as ``model``; every failure is an ``error`` naming a line."""
    data, root = load_yaml(path, error)
    if data is None:
        raise error("yaml_file_empty", Location(file=str(path)))
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise validation_error(exc, path, root, error) from exc
