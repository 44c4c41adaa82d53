"""Core commands: init, add, remove, build, stats, show, export, demo."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console, err_console
from graphmap.errors import InputError
from graphmap.store import Workspace


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"
    NEO4J_IMPORT = "neo4j-import"
    CYPHER = "cypher"


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _display_path(path: str) -> str:
    """Paths under the current folder are shown relative to it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def init(workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE)) -> None:
    """Create an empty workspace folder."""
    ws = Workspace.create(workspace)
    console.print(f"created workspace [bold]{ws.root}[/] (schema v{ws.schema_version})")


def add(
    # readable=False: an unreadable file gets its own error row from add_paths
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to add.", readable=False)
    ],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    doc_type: Annotated[
        str | None,
        typer.Option(help="Force the document type (transcript, news, member_list, ...)."),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(help="YAML/JSON file mapping a list's column headers to graphmap fields."),
    ] = None,
) -> None:
    """Read files (txt, md, docx, pdf, pptx, html, xlsx, xls, csv) into the workspace.

    Unchanged files are skipped; changed files replace their own content. Bad files are
    reported one by one and do not stop the batch.
    """
    from graphmap.ingestion import add_paths

    ws = Workspace.open(workspace) if (workspace / "graphmap.sqlite").exists() else (
        Workspace.create(workspace)
    )
    with _progress() as progress:
        task = progress.add_task("reading", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = add_paths(ws, paths, doc_type=doc_type, mapping=mapping, progress=tick)
    table = Table(title="graphmap add", show_lines=False)
    table.add_column("status")
    table.add_column("file")
    table.add_column("detail")
    for status, path, detail in report.rows():
        style = {"error": "red", "skipped": "yellow", "unchanged": "dim"}.get(status, "green")
        table.add_row(f"[{style}]{status}[/]", _display_path(path), detail)
    console.print(table)
    console.print(report.summary())
    if report.errors:
        fine = len(report.added + report.replaced + report.unchanged)
        others = "the others were stored" if fine else "nothing was stored"
        raise InputError(
            f"{len(report.errors)} of {len(report.errors) + fine} files or folders failed "
            f"(see the error rows above); {others}",
            "fix the files named in the error rows and run `graphmap add` again "
            "(stored files are skipped as unchanged)",
        )


def remove(
    paths: Annotated[list[str], typer.Argument(help="Paths (as added) or document ids.")],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Drop documents and everything only they supported (at the next build)."""
    ws = Workspace.open(workspace)
    for path in paths:
        resolved = str(Path(path).resolve()) if Path(path).exists() else path
        if ws.remove_document(resolved):
            console.print(f"removed {path}")
        else:
            raise InputError(f"no document {path} in {ws.root}", "see `graphmap stats --documents`")


def build(
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Extraction processes.")] = 1,
    force: Annotated[
        bool, typer.Option("--force", help="Reassemble the graph even if nothing changed.")
    ] = False,
) -> None:
    """Extract new or changed documents and rebuild the graph (one transaction)."""
    from graphmap.build import build as run_build

    ws = Workspace.open(workspace)
    with _progress() as progress:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        def waiting(holder: str) -> None:
            err_console.print(
                f"another build of {workspace} is running ({holder}); waiting for it to finish "
                "(Ctrl-C to stop)", style="yellow",
            )

        report = run_build(ws, n_process=jobs, progress=tick, force=force, on_wait=waiting)
    if report.pending:
        console.print(
            f"{report.pending} documents were added or changed during the build: run "
            "`graphmap build` again to bring them in"
        )
    if report.unchanged:
        console.print(
            f"unchanged: {report.entities} entities, {report.relations} relations; nothing "
            "changed since the last build (use --force to reassemble anyway)"
        )
        return
    console.print(
        f"built: {report.entities} entities, {report.relations} relations "
        f"({report.extracted} documents extracted, {report.cached} from cache) "
        f"in {report.seconds:.1f} s"
    )


def stats(workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE)) -> None:
    """Counts of documents, entities (with evidence) and relations."""
    summary = Workspace.open(workspace).stats()
    console.print(
        f"documents: {summary['documents']}  list rows: {summary['records']}  "
        f"evidence: {summary['evidence']}  curations: {summary['curations']}  "
        f"last build: {summary['last_build'] or 'never'}"
    )
    table = Table(title="entities")
    table.add_column("kind")
    table.add_column("total", justify="right")
    table.add_column("with evidence", justify="right")
    for kind, counts in summary["entities"].items():
        table.add_row(kind, str(counts["total"]), str(counts["with_evidence"]))
    console.print(table)
    relations = Table(title="relations")
    relations.add_column("kind")
    relations.add_column("total", justify="right")
    for kind, count in summary["relations"].items():
        relations.add_row(kind, str(count))
    console.print(relations)


def show(
    entity: Annotated[str, typer.Argument(help="An entity id, name or alias (substring).")],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    evidence: Annotated[int, typer.Option(help="How many evidence quotes to print.")] = 5,
) -> None:
    """Print an entity with its attributes, relations and evidence."""
    from graphmap.explore import describe_entity

    ws = Workspace.open(workspace)
    described = describe_entity(ws, entity)
    console.print(f"[bold]{described.name}[/]  [dim]{described.kind} · {described.id} · "
                  f"{described.status}[/]", highlight=False)
    for key, value in described.attributes.items():
        if key == "merged_from":
            for merged in value:
                console.print(
                    f"  merged from: {merged.get('name')} ({merged.get('reason', '')})",
                    highlight=False,
                )
        elif key == "positions":
            for position in value:
                held = position.get("title") or position.get("role")
                where = position.get("organization") or ""
                console.print(f"  position: {held} · {where}", highlight=False)
        else:
            console.print(f"  {key}: {value}", highlight=False)
    if described.aliases:
        console.print(f"  aliases: {'、'.join(described.aliases)}", highlight=False)
    table = Table(title="relations")
    for column in ("direction", "kind", "other", "status", "detail"):
        table.add_column(column)
    for row in described.relations:
        table.add_row(*row)
    console.print(table)
    for ev in described.evidence[:evidence]:
        console.print(
            f"  [dim]{ev.extractor} {ev.confidence:.2f} {ev.doc_id}[{ev.start}:{ev.end}][/] "
            f"{ev.sentence}",
            highlight=False,
        )
    if len(described.evidence) > evidence:
        console.print(f"  … {len(described.evidence) - evidence} more evidence")
    if len(described.others) > 0:
        console.print(f"[dim]also matching: {', '.join(described.others)}[/]", highlight=False)


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File (or folder for csv).")],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Export the graph as GraphML/GEXF (Gephi), node-link JSON or CSV."""
    from graphmap.export import export_graph

    written = export_graph(Workspace.open(workspace).graph(), fmt.value, out)
    for path in written:
        console.print(f"wrote {path}")


def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path(
        "graphmap-output"
    ),
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder (default: the bundled examples).")
    ] = None,
) -> None:
    """Build the sample corpus into OUT/workspace and write every deliverable into OUT."""
    from graphmap.demo import run_demo

    result = run_demo(out, corpus=corpus, console=console)
    console.print(f"[bold green]demo done[/] in {result.seconds:.1f} s: outputs in {out}")
    for path in result.outputs:
        console.print(f"  {path}")


def register(app: typer.Typer) -> None:
    for command in (init, add, remove, build, stats, show, export, demo):
        app.command()(command)
