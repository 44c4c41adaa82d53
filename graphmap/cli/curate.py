"""Curation, snapshot and diff commands: ``graphmap curate ...``, ``graphmap snapshot ...``,
``graphmap diff A B``. Curations are stored in the workspace and applied by every build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.model import NodeKind, OrgType
from graphmap.store import Workspace

curate_app = typer.Typer(
    help="Correct the graph: merge, split, rename, set type, confirm, reject (re-applied on "
         "every build); list, export and import the corrections; review likely duplicates.",
    no_args_is_help=True,
)
snapshot_app = typer.Typer(help="Named copies of the graph, to compare later.",
                           no_args_is_help=True)

Target = Annotated[str, typer.Argument(help="Entity id, or a name/alias naming one entity.")]
Note = Annotated[str, typer.Option("--note", "-n", help="Why (kept with the curation).")]
WS = Path(DEFAULT_WORKSPACE)


def _record(workspace: Path, action: str, target: str, payload: dict, note: str) -> None:
    from graphmap.curation import record_curation

    ws = Workspace.open(workspace)
    cid = record_curation(ws, action, target, payload, note)
    console.print(f"curation #{cid}: {action} {escape(target)} recorded; "
                  "run `graphmap build` to apply it", highlight=False)


@curate_app.command("merge")
def merge(
    target: Target,
    other: Annotated[str, typer.Argument(help="The entity folded into TARGET.")],
    note: Note = "",
    workspace: WorkspaceOption = WS,
) -> None:
    """Fold OTHER into TARGET (TARGET keeps its id and name; OTHER's name becomes an alias)."""
    _record(workspace, "merge", target, {"other": other}, note)


@curate_app.command("split")
def split(
    target: Target,
    other: Annotated[str | None, typer.Option(
        help="Undo the merge of this id into TARGET (see `graphmap curate explain`).")] = None,
    doc: Annotated[list[str] | None, typer.Option(
        "--doc", help="Move the evidence of these document ids into a new entity.")] = None,
    name: Annotated[str | None, typer.Option(help="Name of the new entity (with --doc).")] = None,
    note: Note = "",
    workspace: WorkspaceOption = WS,
) -> None:
    """Separate what was wrongly joined: undo a merge, or split a person by documents."""
    payload: dict = {}
    if other:
        payload["other"] = other
    if doc:
        payload["docs"] = list(doc)
    if name:
        payload["name"] = name
    _record(workspace, "split", target, payload, note)


@curate_app.command("rename")
def rename(
    target: Target,
    new_name: Annotated[str, typer.Argument(help="The new name (the old one stays an alias).")],
    note: Note = "",
    workspace: WorkspaceOption = WS,
) -> None:
    """Give an entity another name; its id does not change."""
    _record(workspace, "rename", target, {"name": new_name}, note)


@curate_app.command("set-type")
def set_type(
    target: Target,
    org_type: Annotated[OrgType, typer.Argument(help="The organization's type.")],
    note: Note = "",
    workspace: WorkspaceOption = WS,
) -> None:
    """Set an organization's type (enterprise, university, research_institute, ...)."""
    _record(workspace, "set_type", target, {"org_type": org_type.value}, note)


Element = Annotated[str, typer.Argument(
    help="Entity id or name, a relation id, or with --edge/--to the edge's source.")]
EdgeOption = Annotated[str | None, typer.Option(
    "--edge", help="Edge kind (e.g. EXPERT_IN): act on the edge TARGET -[KIND]-> --to.")]
ToOption = Annotated[str | None, typer.Option("--to", help="The edge's other end (with --edge).")]


def _element(workspace: Path, target: str, edge: str | None, to: str | None) -> str:
    if edge is None and to is None:
        return target
    if not (edge and to):
        from graphmap.errors import InputError

        raise InputError("--edge and --to go together", "pass both, or neither")
    from graphmap.curation import relation_id

    return relation_id(Workspace.open(workspace), target, edge, to)


@curate_app.command("confirm")
def confirm(target: Element, edge: EdgeOption = None, to: ToOption = None, note: Note = "",
            workspace: WorkspaceOption = WS) -> None:
    """Mark an entity or an edge as confirmed."""
    _record(workspace, "confirm", _element(workspace, target, edge, to), {}, note)


@curate_app.command("reject")
def reject(target: Element, edge: EdgeOption = None, to: ToOption = None, note: Note = "",
           workspace: WorkspaceOption = WS) -> None:
    """Mark an entity or an edge as rejected (kept, but shown and analysed as wrong)."""
    _record(workspace, "reject", _element(workspace, target, edge, to), {}, note)


@curate_app.command("list")
def list_curations(workspace: WorkspaceOption = WS) -> None:
    """Every stored curation, in the order builds apply them."""
    table = Table(title="curations")
    for column in ("#", "action", "target", "payload", "note", "created"):
        table.add_column(column)
    for item in Workspace.open(workspace).curations():
        payload = ", ".join(f"{k}={v}" for k, v in item["payload"].items())
        table.add_row(str(item["id"]), item["action"], escape(item["target"]), escape(payload),
                      escape(item["note"]), item["created_at"])
    console.print(table)


@curate_app.command("undo")
def undo(
    curation: Annotated[int, typer.Argument(help="The curation's number (see `curate list`).")],
    workspace: WorkspaceOption = WS,
) -> None:
    """Take a curation out of the log; the next build no longer applies it."""
    from graphmap.errors import InputError

    if not Workspace.open(workspace).delete_curation(curation):
        raise InputError(f"no curation #{curation}", "see `graphmap curate list`")
    console.print(f"curation #{curation} removed; run `graphmap build` to rebuild without it")


@curate_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="CSV file to write.")],
    workspace: WorkspaceOption = WS,
) -> None:
    """Write the curations to CSV (opens in Excel; formulas are neutralized)."""
    from graphmap.curation import export_curations

    path = export_curations(Workspace.open(workspace).curations(), out)
    console.print(f"wrote {path}")


@curate_app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="CSV file written by `curate export`.")],
    workspace: WorkspaceOption = WS,
) -> None:
    """Append curations from CSV (rows already stored are skipped)."""
    from graphmap.curation import import_curations

    report = import_curations(Workspace.open(workspace), source)
    console.print(f"imported {report.added} curations ({report.duplicates} already there); "
                  "run `graphmap build` to apply them")


@curate_app.command("duplicates")
def duplicates(
    kind: Annotated[list[NodeKind] | None, typer.Option(
        "--kind", "-k", help="Kinds to compare (default: Organization, Person, Technology).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many pairs to list.")] = 30,
    min_score: Annotated[float, typer.Option(help="Lowest score listed (0-1).")] = 0.4,
    embeddings: Annotated[bool, typer.Option(
        help="Also compare people's biographies with sentence embeddings (slower).")] = False,
    workspace: WorkspaceOption = WS,
) -> None:
    """Rank likely duplicates for review; nothing is merged (use `curate merge`)."""
    from graphmap.curation import distinct_pairs
    from graphmap.resolution import candidate_duplicates

    ws = Workspace.open(workspace)
    kinds = kind or [NodeKind.ORGANIZATION, NodeKind.PERSON, NodeKind.TECHNOLOGY]
    found = candidate_duplicates(
        ws.entities(), ws.relations(), kinds=kinds, limit=limit, min_score=min_score,
        exclude=distinct_pairs(ws.curations()), embeddings=embeddings,
    )
    table = Table(title="possible duplicates (review, then `graphmap curate merge A B`)")
    for column in ("score", "kind", "first", "second", "why"):
        table.add_column(column)
    for c in found:
        table.add_row(f"{c.score:.2f}", c.kind, f"{escape(c.names[0])}\n[dim]{c.first}[/]",
                      f"{escape(c.names[1])}\n[dim]{c.second}[/]", escape("; ".join(c.reasons)))
    console.print(table)


@curate_app.command("explain")
def explain(target: Target, workspace: WorkspaceOption = WS) -> None:
    """Why an entity is what it is: every merge folded into it, with its reason."""
    from graphmap.curation import entity_id
    from graphmap.resolution import merge_explanations

    ws = Workspace.open(workspace)
    entity = ws.entity(entity_id(ws, target))
    console.print(f"[bold]{escape(entity.name)}[/] [dim]{entity.kind} · {entity.id}[/]")
    lines = merge_explanations(entity)
    for line in lines:
        console.print(f"  merged: {escape(line)}", highlight=False)
    if not lines:
        console.print("  nothing was merged into it")


@snapshot_app.command("create")
def snapshot_create(
    name: Annotated[str, typer.Argument(help="Snapshot name, e.g. 2025-salon-3.")],
    note: Note = "",
    workspace: WorkspaceOption = WS,
) -> None:
    """Store a copy of the current graph under NAME."""
    from graphmap.snapshots import create_snapshot

    made = create_snapshot(Workspace.open(workspace), name, note)
    console.print(f"snapshot {escape(made['name'])}: {made['entities']} entities, "
                  f"{made['relations']} relations", highlight=False)


@snapshot_app.command("list")
def snapshot_list(workspace: WorkspaceOption = WS) -> None:
    """Every snapshot, oldest first."""
    table = Table(title="snapshots")
    for column in ("name", "created", "entities", "relations", "note"):
        table.add_column(column)
    for s in Workspace.open(workspace).snapshots():
        table.add_row(escape(s["name"]), s["created_at"], str(s["entities"]),
                      str(s["relations"]), escape(s["note"]))
    console.print(table)


def diff(
    before: Annotated[str, typer.Argument(help="Snapshot name (or `current`).")],
    after: Annotated[str, typer.Argument(help="Snapshot name or `current`.")] = "current",
    workspace: WorkspaceOption = WS,
) -> None:
    """What changed between two snapshots: new members, experts, technologies, closed gaps."""
    from graphmap.snapshots import diff_snapshots

    result = diff_snapshots(Workspace.open(workspace), before, after)
    console.print(f"[bold]{escape(before)} -> {escape(after)}[/]")
    for title, changes in (
        ("new members", result.new_members),
        ("new experts", result.new_experts),
        ("new technologies", result.new_technologies),
        ("closed gaps", result.closed_gaps),
        ("opened gaps", result.opened_gaps),
    ):
        console.print(f"{title}: {len(changes)}")
        for change in changes:
            detail = f"  [dim]{escape(change.detail)}[/]" if change.detail else ""
            console.print(f"  {escape(change.name)}{detail}", highlight=False)
    counts = ", ".join(f"{k} {a}->{b}" for k, (a, b) in result.counts.items() if a != b)
    if counts:
        console.print(f"[dim]counts: {escape(counts)}[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(curate_app, name="curate")
    app.add_typer(snapshot_app, name="snapshot")
    app.command("diff")(diff)
