"""Industry-chain commands: chain list|show|import, coverage, candidates, duties."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graphmap.chains.coverage import (
    ORG_TYPE_LABELS,
    chain_coverage,
    only_consortium,
    recruitment_candidates,
)
from graphmap.chains.importer import import_chain_table, import_chainkg
from graphmap.chains.results import Candidate, Coverage
from graphmap.chains.taxonomy import (
    STAGE_LABELS,
    STAGE_ORDER,
    Chain,
    find_chain,
    load_chains,
    write_chain,
)
from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.errors import InputError
from graphmap.model import Stage

#: Where a workspace keeps the chains a user imported or wrote.
WORKSPACE_CHAINS = "chains"

ChainsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--chains",
        help="Extra chain YAML file or folder (adds to / overrides the shipped chains); "
        "repeatable. The workspace's chains/ folder is always read.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]

chain_app = typer.Typer(help="Industry-chain taxonomies (产业链): list, show, import.",
                        no_args_is_help=True)


def _chains(workspace: Path, extra: list[Path] | None) -> dict[str, Chain]:
    paths: list[Path] = []
    if (workspace / WORKSPACE_CHAINS).is_dir():
        paths.append(workspace / WORKSPACE_CHAINS)
    return load_chains([*paths, *(extra or [])])


def _stage_label(stage: str) -> str:
    return STAGE_LABELS.get(Stage(stage), stage) if stage in Stage._value2member_map_ else stage


@chain_app.command("list")
def chain_list(
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    chains: ChainsOption = None,
) -> None:
    """List the industry chains: shipped ones plus the workspace's and --chains files."""
    table = Table(title="industry chains (产业链)")
    for column in ("id", "name", "segments", "上游", "中游", "下游", "links", "source"):
        table.add_column(column, justify="right" if column in ("segments", "links") else "left",
                         overflow="fold")
    for chain in _chains(workspace, chains).values():
        groups = chain.by_stage()
        source = "shipped" if "/graphmap/chains/data/" in chain.source.replace("\\", "/") \
            else chain.source
        table.add_row(
            escape(chain.id), escape(chain.name), str(len(chain.segments)),
            *(str(len(groups[stage])) for stage in STAGE_ORDER),
            str(len(chain.links())), escape(source),
        )
    console.print(table)


@chain_app.command("show")
def chain_show(
    industry: Annotated[str, typer.Argument(help="Chain id, name or alias (e.g. 人工智能, AI).")],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    chains: ChainsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one chain: its segments by stage, vocabularies and UPSTREAM_OF links."""
    from graphmap.chains.taxonomy import chain_to_dict

    chain = find_chain(_chains(workspace, chains), industry)
    if as_json:
        console.print_json(json.dumps(chain_to_dict(chain), ensure_ascii=False))
        return
    names = {seg.id: seg.name for seg in chain.segments}
    table = Table(title=f"{chain.name} ({chain.id}) — {len(chain.segments)} segments")
    for column in ("stage", "layer", "segment", "keywords", "products", "feeds (UPSTREAM_OF)",
                   "known orgs"):
        table.add_column(column)
    for seg in chain.segments:
        table.add_row(
            _stage_label(seg.stage.value), escape(seg.layer),
            f"{escape(seg.name)}\n[dim]{seg.id}[/]",
            escape("、".join(seg.keywords[:6])), escape("、".join(seg.products[:4])),
            escape("、".join(names[t] for t in seg.upstream_of)),
            str(len(seg.organizations)) if seg.organizations else "",
        )
    if chain.description:
        console.print(escape(chain.description), highlight=False)
    console.print(table)


@chain_app.command("import")
def chain_import(
    source: Annotated[Path, typer.Argument(
        help="A CSV/TSV/JSON/JSONL/XLSX table (industry, stage, segment, organization ...) "
        "or a chainkg folder (with --industry).")],
    industry: Annotated[str | None, typer.Option(
        help="For a chainkg folder: the SW2021 industry to import (name or code, e.g. 半导体).")
    ] = None,
    out: Annotated[Path | None, typer.Option(
        help="Folder to write the chain YAML files to (default: WORKSPACE/chains).")] = None,
    max_upstream: Annotated[int, typer.Option(
        help="chainkg: how many upstream industries to keep (most often named first).")] = 6,
    max_downstream: Annotated[int, typer.Option(
        help="chainkg: how many downstream industries to keep.")] = 6,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Import external chain definitions as chain YAML files graphmap reads from then on."""
    if source.is_dir():
        if not industry:
            raise InputError(f"{source} is a folder: importing from chainkg needs --industry",
                             "add --industry NAME (an SW2021 industry such as 半导体)")
        imported = [import_chainkg(source, industry, max_upstream=max_upstream,
                                   max_downstream=max_downstream)]
    else:
        if industry:
            raise InputError("--industry only applies to a chainkg folder",
                             "drop --industry when importing a table")
        imported = import_chain_table(source)
    folder = out or workspace / WORKSPACE_CHAINS
    for chain in imported:
        path = write_chain(chain, folder / f"{chain.id}.yaml")
        orgs = sum(len(s.organizations) for s in chain.segments)
        console.print(
            f"imported [bold]{escape(chain.name)}[/] ({chain.id}): {len(chain.segments)} "
            f"segments, {len(chain.links())} links, {orgs} organizations -> {escape(str(path))}",
            highlight=False,
        )


def _coverage_tables(coverage: Coverage) -> None:
    console.print(
        f"[bold]{escape(coverage.consortium)}[/] × [bold]{escape(coverage.industry)}[/]: "
        f"{coverage.member_count} members, {len(coverage.segments)} segments, "
        f"{len(coverage.gaps)} gaps, {len(coverage.thin)} thin",
        highlight=False,
    )
    table = Table(title="coverage by segment (★ lead unit, ? uncertain)")
    for column in ("stage", "segment", "status", "members", "by type", "evidence"):
        table.add_column(column, justify="right" if column == "evidence" else "left")
    colour = {"gap": "red", "thin": "yellow", "covered": "green"}
    for seg in coverage.segments:
        members = "\n".join(
            f"{'★' if p.is_lead else ''}{escape(p.name)}{'?' if p.uncertain else ''} "
            f"[dim]{p.score:.2f}[/]" for p in seg.members
        ) or "—"
        by_type = "、".join(f"{ORG_TYPE_LABELS.get(t, t)}{n}"
                           for t, n in sorted(seg.counts_by_type.items()))
        table.add_row(_stage_label(seg.stage), escape(seg.name),
                      f"[{colour[seg.status]}]{seg.status}[/]", members, by_type,
                      f"{seg.evidence_strength:.2f}")
    console.print(table)
    balance = Table(title="up / mid / downstream balance")
    for column in ("stage", "members", "segments", "covered", "thin", "gap"):
        balance.add_column(column, justify="left" if column == "stage" else "right")
    for stage, count in coverage.balance.items():
        seg = coverage.stage_segments.get(stage, {})
        balance.add_row(_stage_label(stage), str(count), *(str(seg.get(k, "")) for k in
                                                           ("segments", "covered", "thin", "gap")))
    console.print(balance)
    if coverage.unclassified:
        console.print("unclassified members: " + "、".join(
            escape(p.name) for p in coverage.unclassified), highlight=False)


def _candidate_table(candidates: list[Candidate], names: dict[str, str]) -> None:
    table = Table(title="recruitment candidates (补链招募建议)")
    for column in ("#", "organization", "type", "segments", "score", "why"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for rank, cand in enumerate(candidates, start=1):
        table.add_row(
            str(rank), escape(cand.name), ORG_TYPE_LABELS.get(cand.org_type, cand.org_type),
            escape("、".join(names.get(s, s) for s in cand.segment_ids)), f"{cand.score:.2f}",
            escape("\n".join(cand.reasons)),
        )
    console.print(table)


def coverage(
    consortium: Annotated[str | None, typer.Option(
        help="Consortium name (or a unique part) or id; default: the workspace's only one.")
    ] = None,
    industry: Annotated[str | None, typer.Option(
        help="Chain id, name or alias; default: the consortium's recorded industry.")] = None,
    min_members: Annotated[int, typer.Option(
        help="Segments with fewer confident members are thin.")] = 2,
    candidates: Annotated[int, typer.Option(help="How many recruitment candidates to rank.")] = 10,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    chains: ChainsOption = None,
    as_json: JsonOption = False,
) -> None:
    """A consortium's chain coverage: members per segment, gaps, thin segments, candidates."""
    from graphmap.store import Workspace

    graph = Workspace.open(workspace).graph()
    result = chain_coverage(graph, consortium or only_consortium(graph), industry,
                            chains=_chains(workspace, chains), min_members=min_members,
                            candidates=candidates)
    if as_json:
        console.print_json(json.dumps(asdict(result), ensure_ascii=False))
        return
    _coverage_tables(result)
    if result.candidates:
        _candidate_table(result.candidates, {s.segment_id: s.name for s in result.segments})


def candidates(
    consortium: Annotated[str | None, typer.Option(
        help="Consortium name (or a unique part) or id; default: the workspace's only one.")
    ] = None,
    industry: Annotated[str | None, typer.Option(
        help="Chain id, name or alias; default: the consortium's recorded industry.")] = None,
    k: Annotated[int, typer.Option("-k", "--top", help="How many candidates.")] = 10,
    min_members: Annotated[int, typer.Option(
        help="Segments with fewer confident members are thin.")] = 2,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    chains: ChainsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Non-members that would fill the consortium's chain gaps, ranked with reasons."""
    from graphmap.store import Workspace

    graph = Workspace.open(workspace).graph()
    loaded = _chains(workspace, chains)
    result = chain_coverage(graph, consortium or only_consortium(graph), industry, chains=loaded,
                            min_members=min_members, candidates=0)
    ranked = recruitment_candidates(graph, result, k=k, chains=loaded)
    if as_json:
        console.print_json(json.dumps([asdict(c) for c in ranked], ensure_ascii=False))
        return
    _candidate_table(ranked, {s.segment_id: s.name for s in result.segments})


_STATUS_STYLE = {"met": "[green]met[/]", "not_met": "[red]not met[/]",
                 "unknown": "[yellow]unknown[/]"}


def _duty_table(title: str, checks: list) -> Table:
    table = Table(title=title)
    for column in ("duty", "status", "required", "found", "evidence"):
        table.add_column(column)
    for check in checks:
        lines = []
        for ev in check.evidence[:4]:
            text = ev.get("sentence") or ev.get("organization") or ev.get("event") \
                or ev.get("achievement") or f"〔{ev.get('title') or ev.get('path') or ''}〕"
            lines.append(escape(f"{ev.get('note', '')} {text[:60]}"))
        if len(check.evidence) > 4:
            lines.append(f"… {len(check.evidence) - 4} more")
        found = escape(check.found) + (f"\n[dim]→ {escape(check.hint)}[/]" if check.hint else "")
        table.add_row(escape(check.title), _STATUS_STYLE.get(check.status, check.status),
                      escape(check.required), found, "\n".join(lines))
    return table


def duties(
    year: Annotated[int, typer.Option(help="The programme year to check (e.g. 2025).")],
    consortium: Annotated[str | None, typer.Option(
        help="Consortium name or id (default: the workspace's only consortium).")] = None,
    rules: Annotated[Path | None, typer.Option(
        help="YAML file adding to / overriding the duty rules (by rule id).")] = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    as_json: JsonOption = False,
) -> None:
    """The consortium's yearly duties and the salons' duties: met / not met / unknown."""
    from graphmap.chains.duties import duties_report, load_duty_rules
    from graphmap.store import Workspace

    ws = Workspace.open(workspace)
    report = duties_report(ws.graph(), list(ws.documents()), year, consortium=consortium,
                           rules=load_duty_rules(rules))
    if as_json:
        console.print_json(json.dumps(asdict(report), ensure_ascii=False, default=str))
        return
    if report.consortium:
        console.print(_duty_table(f"{report.consortium} · {year} 年度任务", report.checks))
    else:
        console.print("no consortium in the workspace: only salon duties are checked")
    for salon in report.salons:
        console.print(_duty_table(f"沙龙：{salon.name}（{salon.date or '日期不明'}）",
                                  salon.checks))
    if not report.salons:
        console.print(f"no salon found for {year}")


def register(app: typer.Typer) -> None:
    app.add_typer(chain_app, name="chain")
    app.command()(coverage)
    app.command()(candidates)
    app.command()(duties)
