"""Inspect how ingest reads files, without a workspace: ``python -m ingest FILE... [--json]``.

Prints per file the type, title, structure counts, turns, list mapping and records, or the
error with its fix; useful to check a list's header mapping before ``graphmap add``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ingest import IngestError, iter_files, load_mapping, read_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--mapping", type=Path, help="column mapping file (YAML/JSON)")
    parser.add_argument("--doc-type", help="force the document type")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    args = parser.parse_args(argv)
    failed = 0
    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
    except IngestError as error:
        print(f"error: {error}")
        return 2
    for path in iter_files(args.paths):
        try:
            doc = read_path(path, doc_type=args.doc_type, mapping=mapping)
        except IngestError as error:
            failed += 1
            if args.json:
                print(json.dumps({"path": str(path), "reason": error.reason,
                                  "error": error.message, "fix": error.fix}, ensure_ascii=False))
            else:
                print(f"✗ {path}: [{error.reason}] {error.message}\n  fix: {error.fix}")
            continue
        summary = {
            "path": doc.path, "doc_type": doc.doc_type.value, "title": doc.title,
            "chars": len(doc.text), "paragraphs": len(doc.paragraphs),
            "sentences": len(doc.sentences), "turns": len(doc.turns),
            "records": len(doc.records),
            "metadata": {k: v for k, v in doc.metadata.items()
                         if k not in ("sections", "agenda", "page_spans", "slide_spans")},
        }
        if args.json:
            print(json.dumps(summary, ensure_ascii=False))
            continue
        print(f"✓ {path}: {doc.doc_type.value} 《{doc.title}》 {len(doc.text)} chars, "
              f"{len(doc.paragraphs)} paragraphs, {len(doc.turns)} turns, "
              f"{len(doc.records)} records")
        for key in ("encoding", "consortium", "industry", "header_mapping", "speakers"):
            if key in doc.metadata:
                print(f"  {key}: {doc.metadata[key]}")
        for record in doc.records[:3]:
            print(f"  row {record.row}: {record.fields}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
