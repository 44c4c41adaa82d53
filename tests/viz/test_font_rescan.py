"""A CJK font installed after matplotlib cached its font list is found by a re-scan."""

from __future__ import annotations

import json

import pytest

from viz import figures


def _cjk_installed() -> bool:
    fresh = figures.font_manager.FontManager()
    return any(f.name in figures.CJK_FAMILIES for f in fresh.ttflist)


def test_stale_font_list_recovers_after_rescan(monkeypatch, tmp_path):
    if not _cjk_installed():
        pytest.skip("no CJK font on this system (apt install fonts-noto-cjk)")
    live = figures.font_manager.fontManager
    # the font list as cached before the CJK font was installed
    stale = [f for f in live.ttflist if f.name not in figures.CJK_FAMILIES]
    monkeypatch.setattr(live, "ttflist", stale)
    monkeypatch.delenv("GRAPHMAP_CJK_FONT", raising=False)
    cache = tmp_path / "fontlist.json"
    monkeypatch.setattr(figures, "_font_cache_file", lambda: cache)
    figures.cjk_font.cache_clear()
    try:
        family = figures.cjk_font()
        assert family in figures.CJK_FAMILIES
        assert family in {f.name for f in live.ttflist}
        # the next process reads the refreshed cache and finds it without a re-scan
        cached = {f["name"] for f in json.loads(cache.read_text("utf-8"))["ttflist"]}
        assert family in cached
    finally:
        figures.cjk_font.cache_clear()
        live._findfont_cached.cache_clear()
