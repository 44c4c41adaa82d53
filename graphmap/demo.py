"""``graphmap demo``: the whole product on the bundled sample corpus, end to end."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from graphmap.build import build
from graphmap.errors import InputError
from graphmap.export import export_graph
from graphmap.ingestion import add_paths
from graphmap.store import Workspace

BUNDLED_CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
DEMO_TOPIC = "具身智能与人形机器人：灵巧手、减速器等核心部件国产化与场景落地"


@dataclass(slots=True)
class DemoResult:
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def run_demo(
    out: Path, *, corpus: Path | None = None, console: Console | None = None
) -> DemoResult:
    """Ingest ``corpus`` into ``out/workspace``, build, and write the deliverables to ``out``."""
    started = time.perf_counter()
    say = console.print if console else (lambda *_: None)
    corpus = corpus or BUNDLED_CORPUS
    if not corpus.is_dir():
        raise InputError(
            f"sample corpus not found at {corpus}",
            "run from a clone of the graphmap repository or pass --corpus FOLDER",
        )
    out.mkdir(parents=True, exist_ok=True)
    ws = Workspace.create(out / "workspace", exist_ok=True)
    added = add_paths(ws, [corpus])
    say(f"read the corpus: {added.summary()}")
    for path, reason in added.errors:
        say(f"  [red]failed[/] {path}: {reason}")
    report = build(ws)
    say(f"built the graph: {report.entities} entities, {report.relations} relations")

    outputs: list[Path] = []
    graph = ws.graph()
    exports = out / "exports"
    outputs += export_graph(graph, "graphml", exports / "graph.graphml")
    outputs += export_graph(graph, "gexf", exports / "graph.gexf")
    outputs += export_graph(graph, "json", exports / "graph.json")
    outputs += export_graph(graph, "csv", exports / "csv")
    stats = ws.stats()
    stats_path = out / "stats.json"
    stats_path.write_text(json.dumps(stats, ensure_ascii=False, indent=2), "utf-8")
    outputs.append(stats_path)

    from viz.deliverables import write_deliverables

    deliverables = write_deliverables(ws, out / "maps", say=lambda line: say(f"  {line}"))
    outputs += deliverables.paths
    for reason in deliverables.skipped:
        say(f"  [yellow]skipped[/] {reason}")
    if deliverables.coverage is not None:
        coverage = deliverables.coverage
        say(
            f"chain coverage of {coverage.consortium} on {coverage.industry}: "
            f"{len(coverage.segments) - len(coverage.gaps)}/{len(coverage.segments)} segments "
            f"covered, {len(coverage.gaps)} gaps, {len(coverage.candidates)} candidates"
        )
    outputs.append(_write_panel(graph, out / "panel.json", DEMO_TOPIC, say))
    ws.close()
    return DemoResult(seconds=time.perf_counter() - started, outputs=outputs, stats=stats)


def _write_panel(graph, path: Path, topic: str, say) -> Path:
    """Recommend a salon panel for ``topic`` and write it as JSON."""
    from graphmap.matchmaking import recommend_experts

    panel = recommend_experts(graph, topic, k=6)
    path.write_text(json.dumps(panel.to_dict(), ensure_ascii=False, indent=2), "utf-8")
    say(f"expert panel for {topic!r}: " + "、".join(
        f"{p.name}（{p.organization}）" for p in panel.picks
    ))
    return path
