"""``graphmap neo4j``: push the workspace graph to Neo4j and ask it the analysis questions.

The password never travels as an option (it would sit in the shell history and the process
list): it comes from ``GRAPHMAP_NEO4J_PASSWORD`` or a hidden prompt.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.neo4j.connection import PASSWORD_ENV, Neo4jBackend, connect

DEFAULT_URI = "bolt://localhost:7687"

UriOption = Annotated[
    str | None,
    typer.Option(
        "--uri", envvar="GRAPHMAP_NEO4J_URI",
        help=f"Bolt address (default: where the workspace was last pushed, else {DEFAULT_URI}).",
        show_default=False,
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option("--user", envvar="GRAPHMAP_NEO4J_USER",
                 help="Neo4j user name (default: as for --uri, else neo4j).", show_default=False),
]
DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", envvar="GRAPHMAP_NEO4J_DATABASE",
                 help="Database (default: as for --uri, else neo4j).", show_default=False),
]


def _backend(
    uri: str | None, user: str | None, database: str | None, workspace: Path
) -> Neo4jBackend:
    """Connect where the options say; what they leave open comes from the database the
    workspace was last pushed to (so queries follow the push), then from the defaults."""
    if uri is None and (workspace / "graphmap.sqlite").is_file():
        from graphmap.neo4j.push import last_target
        from graphmap.store import Workspace

        with Workspace.open(workspace) as ws:
            target = last_target(ws.db)
        if target is not None:
            uri = target.uri
            user = user or target.user
            database = database or target.database
    uri, user, database = uri or DEFAULT_URI, user or "neo4j", database or "neo4j"
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt(f"Neo4j password for {user} at {uri}", hide_input=True)
    return connect(uri, user, password, database)


def push(
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Compare with the database itself, not the push state.")
    ] = False,
    batch_size: Annotated[int, typer.Option(help="Rows per UNWIND batch.", min=1)] = 1000,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Load the workspace graph into Neo4j (only what changed since the last push).

    Creates constraints and indexes, then sends new or changed nodes and relationships in
    batches and removes what the workspace no longer has. The password comes from
    GRAPHMAP_NEO4J_PASSWORD or a hidden prompt.
    """
    from graphmap.neo4j.push import push_workspace
    from graphmap.store import Workspace

    ws = Workspace.open(workspace)
    with _backend(uri, user, database, workspace) as backend, Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True,
    ) as progress:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        report = push_workspace(ws, backend, full=full, batch_size=batch_size, progress=tick)
    console.print(f"pushed to {report.target} ({report.mode}: {report.reason}) "
                  f"in {report.seconds:.1f} s", highlight=False)
    table = Table(title="neo4j push")
    table.add_column("")
    table.add_column("nodes", justify="right")
    table.add_column("relationships", justify="right")
    table.add_row("sent (new or changed)", str(report.nodes_sent), str(report.relationships_sent))
    table.add_row("unchanged", str(report.nodes_unchanged), str(report.relationships_unchanged))
    table.add_row("removed", str(report.nodes_removed), str(report.relationships_removed))
    console.print(table)
    counters = ", ".join(f"{k} {v}" for k, v in report.counters.items() if v) or "no change"
    console.print(f"server counters: {counters}", highlight=False)


def coverage(
    consortium: Annotated[str, typer.Argument(help="Consortium name or id.")],
    industry: Annotated[
        str | None, typer.Option(help="Chain (industry) name or id; default: the consortium's.")
    ] = None,
    candidates: Annotated[int, typer.Option(help="Recruitment candidates to rank.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Chain coverage, gaps and candidates of a consortium, answered from Neo4j."""
    from graphmap.neo4j.analyses import chain_coverage

    with _backend(uri, user, database, workspace) as backend:
        found = chain_coverage(backend, consortium, industry, candidates=candidates)
    if as_json:
        console.print_json(json.dumps(asdict(found), ensure_ascii=False))
        return
    table = Table(title=f"{found.consortium} · {found.industry}")
    for column in ("stage", "segment", "status", "members"):
        table.add_column(column)
    for seg in found.segments:
        table.add_row(seg.stage, seg.name, seg.status, "、".join(p.name for p in seg.members))
    console.print(table)
    for cand in found.candidates:
        console.print(f"  candidate {cand.name} ({cand.score:.2f}): {cand.reasons[0]}",
                      highlight=False)


def ego(
    entity: Annotated[str, typer.Argument(help="Entity id (see `graphmap show`).")],
    radius: Annotated[int, typer.Option(help="Links away from the entity.")] = 1,
    max_nodes: Annotated[int, typer.Option(help="Stop at this many nodes.")] = 200,
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """The neighbourhood of an entity, walked in Cypher."""
    from graphmap.neo4j.analyses import ego_subgraph

    with _backend(uri, user, database, workspace) as backend:
        graph, truncated = ego_subgraph(backend, entity, radius, max_nodes=max_nodes)
    table = Table(title=f"within {radius} of {entity}" + (" (cut short)" if truncated else ""))
    for column in ("depth", "kind", "name", "id"):
        table.add_column(column)
    for node, data in sorted(graph.nodes(data=True), key=lambda n: (n[1]["depth"], n[0])):
        table.add_row(str(data["depth"]), data["kind"], data["name"], node)
    console.print(table)
    console.print(f"{graph.number_of_edges()} relationships among them")


def recommend(
    topic: Annotated[str, typer.Argument(help="Salon topic, free text.")],
    k: Annotated[int, typer.Option("--k", help="How many experts.")] = 8,
    max_per_org: Annotated[int, typer.Option(help="At most this many per organization.")] = 1,
    uri: UriOption = None,
    user: UserOption = None,
    database: DatabaseOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Experts for a topic by term matching in Cypher (see graphmap.neo4j.analyses)."""
    from graphmap.neo4j.analyses import match_experts

    with _backend(uri, user, database, workspace) as backend:
        picks = match_experts(backend, topic, k, max_per_org=max_per_org)
    table = Table(title=f"experts for {topic}")
    for column in ("expert", "organization", "score", "why"):
        table.add_column(column)
    for pick in picks:
        table.add_row(pick.name, "、".join(pick.organizations), f"{pick.score:.2f}",
                      pick.explain())
    console.print(table)


def register(app: typer.Typer) -> None:
    neo4j_app = typer.Typer(
        help="Scale out to Neo4j: push the workspace graph, ask it the analysis questions.",
        no_args_is_help=True,
    )
    neo4j_app.command()(push)
    query_app = typer.Typer(help="Analyses answered in Cypher.", no_args_is_help=True)
    for command in (coverage, ego, recommend):
        query_app.command()(command)
    neo4j_app.add_typer(query_app, name="query")
    app.add_typer(neo4j_app, name="neo4j")
