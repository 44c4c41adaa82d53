"""Offline loading: CSVs for ``neo4j-admin database import full`` and a Cypher script.

Import CSVs (for big graphs: the fastest way into an empty Neo4j database):

- one node file per label, ``nodes_<Label>.csv``, header ``id:ID(<Label>)``, ``:LABEL`` and
  typed properties (``birth_year:long``, ``aliases:string[]``, ``transferred:boolean``);
  each label is its own id space;
- one relationship file per type and endpoint labels,
  ``relationships_<TYPE>__<Source>__<Target>.csv``, header ``:START_ID(<Source>)``,
  ``:END_ID(<Target>)``, ``:TYPE`` and typed properties;
- every string quoted (quotes doubled), arrays joined with a delimiter that no array element
  contains (``;`` unless one does), no byte-order mark, fields may span lines;
- ``import.sh`` with the exact command line, and ``schema.cypher`` with the constraints and
  indexes to create after the import (``import full`` does not create them; an incremental
  import and every later push need them).

The properties are the ones a push writes (see :mod:`graphmap.neo4j.schema`), hash included,
so a push after an import finds everything unchanged.

The Cypher script (for small graphs: readable, runs with ``cypher-shell -f``) holds the same
schema statements and batched ``UNWIND [...] AS row MERGE`` statements whose data are Cypher
literals, every string escaped; running it twice changes nothing.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graphmap.errors import InputError
from graphmap.model import EdgeKind, NodeKind
from graphmap.neo4j import schema

#: Array delimiters tried in order; the first that no array element contains is used.
ARRAY_DELIMITERS = (";", "|", "\x1f")

#: Property types neo4j-admin import understands (each also as an array with ``[]``).
IMPORT_TYPES = frozenset({
    "int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
    "date", "localtime", "time", "localdatetime", "datetime", "duration",
})

#: Rows per UNWIND statement in the Cypher script.
SCRIPT_BATCH = 100

_HEADER = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?:\((?P<space>[^)]*)\))?"
                     r"(?P<array>\[\])?)?$")


# -- import CSVs -------------------------------------------------------------------------------


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        if not value:
            return "empty[]"
        inner = {_type_of(v) for v in value}
        if len(inner) == 1 and "[]" not in next(iter(inner)):
            return next(iter(inner)) + "[]"
    return "json"


def _column_types(rows: list[dict[str, Any]], skip: Iterable[str]) -> dict[str, str]:
    """Property name -> import type over all rows; ``json`` where no single type fits."""
    seen: dict[str, set[str]] = defaultdict(set)
    for props in rows:
        for key, value in props.items():
            if key not in skip:
                seen[key].add(_type_of(value))
    out = {}
    for key, types in seen.items():
        # an empty list fits any array column (it is written as no value)
        typed = types - {"empty[]"}
        only = next(iter(typed)) if len(typed) == 1 else ""
        if not typed:
            out[key] = "string[]"
        elif only and (only.endswith("[]") or "empty[]" not in types):
            out[key] = only
        else:
            # mixed types (even long with double) travel exactly, as JSON text
            out[key] = "json"
    return out


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any, type_: str, delimiter: str) -> str:
    if value is None:
        return ""
    if type_ == "json":
        return _quote(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if type_.endswith("[]"):
        return _quote(delimiter.join(_cell_text(v) for v in value)) if value else ""
    if type_ == "double" and isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"property value {value} cannot be imported", "fix the value")
    return _quote(value) if isinstance(value, str) else _cell_text(value)


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _array_delimiter(rows: Iterable[dict[str, Any]]) -> str:
    elements = {
        str(v) for props in rows for value in props.values() if isinstance(value, list)
        for v in value
    }
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in element for element in elements):
            return candidate
    raise InputError(
        "every array delimiter graphmap tries occurs inside some list value",
        "remove ';', '|' and the unit separator from aliases and titles",
    )


def _delimiter_option(delimiter: str) -> str:
    return delimiter if delimiter.isprintable() else f"U+{ord(delimiter):04X}"


@dataclass(slots=True)
class ImportFiles:
    """What :func:`write_import_csv` wrote."""

    folder: Path
    node_files: list[Path]
    relationship_files: list[Path]
    script: Path
    schema: Path
    command: str
    rows: int


def _write_table(
    path: Path, fixed_header: list[str], rows: list[tuple[list[str], dict[str, Any]]],
    delimiter: str,
) -> int:
    """Write one import file: the fixed id/label/type columns, then typed property columns.

    A property whose values mix types across rows is written as JSON text and listed in the
    row's ``graphmap_json``, which reading back decodes.
    """
    skip = {"id"} if fixed_header[0].startswith("id:ID") else set()
    types = _column_types([props for _, props in rows], skip)
    json_columns = {k for k, t in types.items() if t == "json"}
    if json_columns:
        types[schema.JSON_KEYS] = "string[]"
    columns = sorted(types)
    header = list(fixed_header)
    for key in columns:
        type_ = "string" if types[key] == "json" else types[key]
        header.append(key if type_ == "string" else f"{key}:{type_}")
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(_quote(h) if "," in h else h for h in header) + "\n")
        for fixed, props in rows:
            cells = [_quote(v) for v in fixed]
            already_json = set(props.get(schema.JSON_KEYS) or ())
            for key in columns:
                value = props.get(key)
                if key == schema.JSON_KEYS and json_columns:
                    listed = already_json | {k for k in json_columns if k in props}
                    value = sorted(listed) or None
                if key in already_json and value is not None:
                    cells.append(_quote(value))  # JSON text already
                    continue
                cells.append(_cell(value, types[key], delimiter))
            handle.write(",".join(cells) + "\n")
    return len(rows)


def write_import_csv(
    graph: nx.MultiDiGraph, folder: Path, *, database: str = "neo4j"
) -> ImportFiles:
    """Write the graph as neo4j-admin import CSVs plus ``import.sh`` and ``schema.cypher``.

    Parameters
    ----------
    graph : nx.MultiDiGraph
        The graph view (see :mod:`graphmap.graph`).
    folder : Path
        Output folder (created; files of an earlier export there are replaced).
    database : str
        The database name the command line imports into (default ``neo4j``).

    Returns
    -------
    ImportFiles
        The files written, the command line and the number of rows.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("nodes_*.csv"), *folder.glob("relationships_*.csv")]:
        old.unlink()
    node_rows = list(schema.node_rows(graph))
    rel_rows = list(schema.relationship_rows(graph))
    delimiter = _array_delimiter([r.props for r in node_rows] + [r.props for r in rel_rows])

    by_label: dict[str, list] = defaultdict(list)
    for row in node_rows:
        by_label[row.label].append(([row.id, row.label], row.props))
    by_shape: dict[tuple[str, str, str], list] = defaultdict(list)
    for rel in rel_rows:
        by_shape[(rel.type, rel.source_label, rel.target_label)].append(
            ([rel.source, rel.target, rel.type], rel.props)
        )

    node_files, rel_files, rows = [], [], 0
    for label_ in sorted(by_label):
        path = folder / f"nodes_{label_}.csv"
        rows += _write_table(path, [f"id:ID({label_})", ":LABEL"], by_label[label_], delimiter)
        node_files.append(path)
    for type_, source, target in sorted(by_shape):
        path = folder / f"relationships_{type_}__{source}__{target}.csv"
        rows += _write_table(
            path,
            [f":START_ID({source})", f":END_ID({target})", ":TYPE"],
            by_shape[(type_, source, target)],
            delimiter,
        )
        rel_files.append(path)

    command = import_command(database, node_files, rel_files, delimiter)
    script = folder / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Load these CSVs into an EMPTY Neo4j 5 database (stop it first), then run\n"
        "# schema.cypher on it, e.g. cypher-shell -d DATABASE -f schema.cypher\n"
        "# Usage: sh import.sh [DATABASE]   (neo4j-admin must be on PATH)\n"
        'cd "$(dirname "$0")" || exit 1\n'
        + command.rsplit(" ", 1)[0]
        + ' "${1:-'
        + database.replace('"', "").replace("$", "").replace("`", "")
        + '}"\n',
        "utf-8",
    )
    script.chmod(0o755)
    schema_file = folder / "schema.cypher"
    schema_file.write_text(
        "".join(f"{statement};\n" for statement in schema.schema_statements()), "utf-8"
    )
    return ImportFiles(folder, node_files, rel_files, script, schema_file, command, rows)


def import_command(
    database: str, node_files: list[Path], relationship_files: list[Path], delimiter: str
) -> str:
    """The ``neo4j-admin database import full`` command line for these files (run in their
    folder)."""
    parts = [
        "neo4j-admin", "database", "import", "full",
        f"--array-delimiter={_delimiter_option(delimiter)}",
        "--multiline-fields=true",
        "--id-type=string",
    ]
    parts += [f"--nodes={p.name}" for p in node_files]
    parts += [f"--relationships={p.name}" for p in relationship_files]
    parts.append(database)
    return " ".join(shlex.quote(p) for p in parts)


# -- reading and checking import CSVs ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    role: str  # "id" | "label" | "start" | "end" | "type" | "property"
    type: str  # import type; "string" when none is given
    array: bool
    space: str


def parse_header(field: str) -> Column:
    """Parse one header field by the neo4j-admin rules (``name:type``, ``:ID(space)`` ...).

    Examples
    --------
    >>> parse_header("id:ID(Organization)")
    Column(name='id', role='id', type='string', array=False, space='Organization')
    >>> parse_header("aliases:string[]").array
    True
    """
    match = _HEADER.match(field)
    if not match:
        raise InputError(f"header field {field!r} is not name[:type]", "see the import docs")
    name, type_, space = match["name"], (match["type"] or ""), match["space"] or ""
    roles = {"ID": "id", "LABEL": "label", "START_ID": "start", "END_ID": "end", "TYPE": "type"}
    if type_ in roles:
        return Column(name, roles[type_], "string", False, space)
    if type_ and type_.lower() not in IMPORT_TYPES:
        raise InputError(f"header field {field!r} has an unknown type {type_!r}",
                         f"use one of {', '.join(sorted(IMPORT_TYPES))}")
    if not name:
        raise InputError(f"header field {field!r} names no property", "give it a name")
    return Column(name, "property", type_.lower() or "string", bool(match["array"]), space)


def _parse_value(text: str, column: Column, delimiter: str) -> Any:
    def one(item: str) -> Any:
        if column.type in ("int", "long", "short", "byte"):
            return int(item)
        if column.type in ("float", "double"):
            return float(item)
        if column.type == "boolean":
            if item not in ("true", "false"):
                raise ValueError(f"{item!r} is not a boolean")
            return item == "true"
        return item

    if column.array:
        return [one(item) for item in text.split(delimiter)]
    return one(text)


def _csv_records(text: str) -> Iterator[list[tuple[str, bool]]]:
    """Records of a comma-separated text as ``(field, was_quoted)`` pairs.

    The standard ``csv`` reader cannot tell ``""`` (an empty string, which neo4j-admin
    stores) from an empty field (no property), so this small reader keeps the difference.
    """
    record: list[tuple[str, bool]] = []
    field: list[str] = []
    quoted = in_quotes = False
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if in_quotes:
            if char == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                field.append(char)
        elif char == '"' and not field:
            in_quotes = quoted = True
        elif char == ",":
            record.append(("".join(field), quoted))
            field, quoted = [], False
        elif char in "\r\n":
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            record.append(("".join(field), quoted))
            yield record
            record, field, quoted = [], [], False
        else:
            field.append(char)
        i += 1
    if field or quoted or record:
        record.append(("".join(field), quoted))
        yield record


def _read_table(path: Path, delimiter: str) -> tuple[list[Column], list[dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    if text.startswith("\ufeff"):
        raise InputError(f"{path} starts with a byte-order mark", "write UTF-8 without BOM")
    records = _csv_records(text)
    header = [name for name, _ in next(records, [])]
    columns = [parse_header(h) for h in header]
    names = [c.name or f":{c.role}" for c in columns]
    if len(set(names)) != len(names):
        raise InputError(f"{path} repeats a header name", "give every column its own name")
    rows = []
    for number, record in enumerate(records, 1):
        if len(record) != len(columns):
            raise InputError(f"{path} record {number} has {len(record)} fields, "
                             f"the header {len(columns)}", "quote fields with commas")
        row: dict[str, Any] = {}
        for column, (value_text, quoted) in zip(columns, record, strict=True):
            if value_text == "" and not (quoted and column.type == "string" and not column.array):
                continue
            try:
                value = _parse_value(value_text, column, delimiter)
            except ValueError as exc:
                raise InputError(f"{path} record {number} column {column.name!r}: {exc}",
                                 "fix the value or the header type") from exc
            row[column.name if column.role == "property" else f":{column.role}"] = value
        rows.append(row)
    return columns, rows


def read_import_csv(folder: Path, *, array_delimiter: str | None = None) -> nx.MultiDiGraph:
    """Read import CSVs written by :func:`write_import_csv` back into the graph view.

    Checks the header rules on the way (see :func:`check_import_csv`), so a file that would not
    import fails here with the file, line and column at fault.
    """
    problems = check_import_csv(folder, array_delimiter=array_delimiter)
    if problems:
        raise InputError(f"{folder}: {problems[0]}", "re-export with graphmap export")
    delimiter = array_delimiter or _delimiter_from_script(folder)
    nodes = []
    for path in sorted(folder.glob("nodes_*.csv")):
        _, rows = _read_table(path, delimiter)
        for row in rows:
            props = {k: v for k, v in row.items() if not k.startswith(":")}
            props["id"] = row[":id"]
            nodes.append((row[":label"], props))
    relationships = []
    for path in sorted(folder.glob("relationships_*.csv")):
        _, rows = _read_table(path, delimiter)
        for row in rows:
            props = {k: v for k, v in row.items() if not k.startswith(":")}
            relationships.append((row[":type"], row[":start"], row[":end"], props))
    return schema.graph_from_rows(nodes, relationships)


def _delimiter_from_script(folder: Path) -> str:
    """The array delimiter named by the command line in ``import.sh`` (``;`` without one)."""
    script = folder / "import.sh"
    if script.is_file():
        for line in script.read_text("utf-8").splitlines():
            if not line.startswith("neo4j-admin "):
                continue
            for token in shlex.split(line):
                if token.startswith("--array-delimiter="):
                    value = token.split("=", 1)[1]
                    return chr(int(value[2:], 16)) if value.startswith("U+") else value
    return ";"


def check_import_csv(folder: Path, *, array_delimiter: str | None = None) -> list[str]:
    """Problems that would make ``neo4j-admin database import full`` fail or lose data.

    Node files: one ``:ID(space)`` column and a ``:LABEL`` column with model labels, known
    property types, no duplicate id in a space. Relationship files: ``:START_ID(space)``,
    ``:END_ID(space)`` naming node id spaces, a ``:TYPE`` column with model types, and every
    start and end id present in its space. Returns an empty list when all is well.
    """
    delimiter = array_delimiter or _delimiter_from_script(folder)
    problems: list[str] = []
    spaces: dict[str, set[str]] = {}
    node_files = sorted(folder.glob("nodes_*.csv"))
    if not node_files:
        return [f"no nodes_*.csv in {folder}"]
    labels = {k.value for k in NodeKind}
    types = {k.value for k in EdgeKind}
    for path in node_files:
        try:
            columns, rows = _read_table(path, delimiter)
        except InputError as exc:
            problems.append(exc.message)
            continue
        ids = [c for c in columns if c.role == "id"]
        if len(ids) != 1 or not ids[0].space:
            problems.append(f"{path.name}: needs exactly one :ID(space) column")
            continue
        if not any(c.role == "label" for c in columns):
            problems.append(f"{path.name}: has no :LABEL column")
        space = spaces.setdefault(ids[0].space, set())
        for number, row in enumerate(rows, 1):
            if row.get(":label") not in labels:
                problems.append(f"{path.name} record {number}: label {row.get(':label')!r} is "
                                "not a model node kind")
            if row.get(":id") in space:
                problems.append(f"{path.name} record {number}: id {row.get(':id')} repeats in "
                                f"space {ids[0].space}")
            space.add(row.get(":id"))
    for path in sorted(folder.glob("relationships_*.csv")):
        try:
            columns, rows = _read_table(path, delimiter)
        except InputError as exc:
            problems.append(exc.message)
            continue
        roles = {c.role: c for c in columns}
        missing = [r for r in ("start", "end", "type") if r not in roles]
        if missing:
            problems.append(f"{path.name}: lacks {', '.join(':' + m.upper() for m in missing)}")
            continue
        for end in ("start", "end"):
            if roles[end].space not in spaces:
                problems.append(f"{path.name}: :{end.upper()}_ID space {roles[end].space!r} "
                                "has no node file")
        for number, row in enumerate(rows, 1):
            if row.get(":type") not in types:
                problems.append(f"{path.name} record {number}: type {row.get(':type')!r} is not "
                                "a model edge kind")
            for end in ("start", "end"):
                if row.get(f":{end}") not in spaces.get(roles[end].space, set()):
                    problems.append(f"{path.name} record {number}: {end} id {row.get(f':{end}')} "
                                    f"is not in space {roles[end].space}")
    return problems


# -- Cypher script ---------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value; strings escaped so no data becomes code.

    Examples
    --------
    >>> cypher_literal("it's")
    "'it\\\\'s'"
    >>> cypher_literal({"a b": [1, True]})
    '{`a b`: [1, true]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"property value {value} has no Cypher literal", "fix the value")
        return repr(value)
    if isinstance(value, str):
        out = []
        for char in value:
            if char in _ESCAPES:
                out.append(_ESCAPES[char])
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                out.append(f"\\u{ord(char):04x}")
            else:
                out.append(char)
        return "'" + "".join(out) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(
            f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items()
        ) + "}"
    raise InputError(f"property value of type {type(value).__name__} has no Cypher literal",
                     "store it as text")


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def script_statements(graph: nx.MultiDiGraph, *, batch: int = SCRIPT_BATCH) -> list[str]:
    """The Cypher script's statements (no trailing semicolons): schema, nodes, relationships."""
    out = list(schema.schema_statements())
    by_label: dict[str, list[dict]] = defaultdict(list)
    for row in schema.node_rows(graph):
        by_label[row.label].append({"id": row.id, "props": row.props})
    for label_ in sorted(by_label):
        template = schema.upsert_nodes_statement(label_)
        rows = by_label[label_]
        for start in range(0, len(rows), batch):
            out.append(template.replace("$rows", cypher_literal(rows[start : start + batch]), 1))
    by_shape: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for rel in schema.relationship_rows(graph):
        by_shape[(rel.type, rel.source_label, rel.target_label)].append(
            {"id": rel.id, "source": rel.source, "target": rel.target, "props": rel.props}
        )
    for shape in sorted(by_shape):
        template = schema.upsert_relationships_statement(*shape)
        rows = by_shape[shape]
        for start in range(0, len(rows), batch):
            out.append(template.replace("$rows", cypher_literal(rows[start : start + batch]), 1))
    return out


def write_cypher_script(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Write the graph as a Cypher script for ``cypher-shell -f`` (small graphs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "// graphmap graph as Cypher (Neo4j 5). Run: cypher-shell -d DATABASE -f "
        f"{path.name}\n// Idempotent: running it again changes nothing.\n"
    )
    path.write_text(
        header + "".join(f"{s};\n" for s in script_statements(graph)), encoding="utf-8"
    )
    return path
