"""Headless Chromium draws the offline graph page and the chain map (no network at all)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from viz.chainmap import write_chain_map
from viz.interactive import write_graph_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=240, check=False,
    )


def _screenshot(tmp_path: Path, url: str, name: str, budget_ms: int = 10000) -> Image.Image:
    shot = tmp_path / name
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,900",
              f"--virtual-time-budget={budget_ms}", url)
    assert shot.exists(), f"chromium wrote no screenshot of {url}"
    return Image.open(shot).convert("RGB")


def _distinct_colours(image: Image.Image) -> int:
    return len(image.getcolors(maxcolors=1 << 24) or [])


def test_graph_page_draws_offline(graph, coverage, tmp_path):
    page = write_graph_html(graph, tmp_path / "graph.html", title="联合体图谱",
                            coverage=coverage)
    dom = _chromium(tmp_path, "--dump-dom", "--virtual-time-budget=10000", page.as_uri()).stdout
    assert 'data-state="drawn"' in dom, dom[-2000:]
    assert "<canvas" in dom
    assert "已绘制" in dom
    image = _screenshot(tmp_path, page.as_uri(), "graph.png")
    network = image.crop((270, 100, 1060, 860))  # the drawing area between the side panels
    assert _distinct_colours(network) > 200
    pixels = np.asarray(network).astype(int)
    node_blue = np.all(np.abs(pixels - [0x4E, 0x79, 0xA7]) < 12, axis=-1).sum()
    assert node_blue > 200  # organization nodes were painted


def test_selected_node_shows_evidence(graph, tmp_path):
    node = next(n for n, d in graph.nodes(data=True) if d["name"].startswith("<script>"))
    page = write_graph_html(graph, tmp_path / "graph.html")
    dom = _chromium(tmp_path, "--dump-dom", "--virtual-time-budget=10000",
                    f"{page.as_uri()}#node={node}").stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</h3>" in dom  # shown as text in the panel
    assert "名称为 &lt;script&gt;" in dom  # its evidence sentence


def test_chain_map_svg_renders(coverage, tmp_path):
    svg = next(p for p in write_chain_map(coverage, tmp_path, formats=("svg",)))
    image = _screenshot(tmp_path, svg.as_uri(), "chain.png", budget_ms=2000)
    assert _distinct_colours(image) > 100
    r, g, b = np.asarray(image).astype(int).transpose(2, 0, 1)
    gap_red = ((r > 200) & (g < 70) & (b < 70)).sum()
    assert gap_red > 300  # the dashed red border of gap segments
