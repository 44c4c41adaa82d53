"""What every matplotlib figure shares: a CJK font, text kept as text, saving SVG/PNG/PDF.

Without a CJK font matplotlib draws empty boxes for Chinese; we refuse to write such a figure
and say how to install one instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from graphmap.errors import GraphmapError

#: Families that carry simplified and traditional Chinese glyphs, in order of preference.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
#: A4 landscape in inches.
A4_LANDSCAPE = (11.69, 8.27)
FORMATS = ("svg", "png", "pdf")


@lru_cache(maxsize=4)
def cjk_font(preferred: str | None = None) -> str:
    """The font family figures use for Chinese text.

    ``preferred`` (or the environment variable ``GRAPHMAP_CJK_FONT``) may name a family or a
    font file (.ttf/.otf/.ttc), which is then registered with matplotlib.

    Raises
    ------
    GraphmapError
        When no CJK font is installed.
    """
    wanted = preferred or os.environ.get("GRAPHMAP_CJK_FONT")
    if wanted and Path(wanted).is_file():
        font_manager.fontManager.addfont(wanted)
        return font_manager.FontProperties(fname=wanted).get_name()
    found = _installed(wanted)
    if found is None:  # maybe installed after matplotlib cached its font list
        _rescan_fonts()
        found = _installed(wanted)
    if found is not None:
        return found
    if wanted:
        raise GraphmapError(
            f"the font {wanted!r} (GRAPHMAP_CJK_FONT or --font) is not installed",
            "give an installed family name or the path of a .ttf/.otf/.ttc file",
        )
    raise GraphmapError(
        "no font with Chinese glyphs (CJK) was found, so figures would show empty boxes",
        "install one (Debian/Ubuntu: apt install fonts-noto-cjk) or set GRAPHMAP_CJK_FONT "
        "to a font file",
    )


def _installed(wanted: str | None) -> str | None:
    """``wanted`` if matplotlib knows it, else (no wish) the first CJK family it knows."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if wanted:
        return wanted if wanted in installed else None
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _font_cache_file() -> Path:
    """The font list matplotlib reads at start-up instead of scanning the font folders."""
    version = font_manager.FontManager.__version__
    return Path(matplotlib.get_cachedir(), f"fontlist-v{version}.json")


def _font_key(font: font_manager.FontEntry) -> tuple:
    # one .ttc file holds several families (Noto Sans CJK JP/KR/SC/TC): the file alone is not
    # the font
    return (font.fname, font.name, font.style, font.weight, font.stretch, font.variant)


def _rescan_fonts() -> None:
    """Re-scan the system font folders into matplotlib's font list and its cache file.

    matplotlib lists the fonts once and caches the list, so a font installed afterwards (as
    our error message tells people to do) stays invisible without this. Fonts registered by
    file at run time are kept.
    """
    fresh = font_manager.FontManager()
    live = font_manager.fontManager
    known = {_font_key(f) for f in live.ttflist}
    live.ttflist.extend(f for f in fresh.ttflist if _font_key(f) not in known)
    live._findfont_cached.cache_clear()  # as matplotlib's own addfont does
    font_manager.json_dump(fresh, _font_cache_file())  # warns, does not raise, if unwritable


@contextmanager
def figure_style(font: str | None = None) -> Iterator[str]:
    """Matplotlib settings for print figures: the CJK font, SVG text as text.

    PDF uses Type 3 glyph subsets: as searchable as TrueType (Type 42) here, and 10x faster to
    write from the large Noto CJK collection (0.5 s against 6 s per page, measured).
    """
    family = cjk_font(font)
    with matplotlib.rc_context(
        {
            # a concrete family (not "sans-serif") is stored on each text at creation, so a
            # figure saved later still finds the CJK font
            "font.family": [family, "DejaVu Sans"],
            "font.sans-serif": [family, "DejaVu Sans"],
            "svg.fonttype": "none",
            "pdf.fonttype": 3,
            "axes.unicode_minus": False,
            "figure.dpi": 100,
        }
    ):
        yield family


def save_figure(
    fig: Figure,
    out_dir: str | Path,
    stem: str,
    formats: Iterable[str] = FORMATS,
    dpi: int = 200,
    font: str | None = None,
) -> list[Path]:
    """Write ``fig`` as ``out_dir/stem.<format>`` for each format, close it, return the paths.

    Saving happens inside :func:`figure_style` because ``svg.fonttype`` is read at save time.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    try:
        with figure_style(font):
            for fmt in formats:
                path = folder / f"{stem}.{fmt}"
                metadata = {"Creator": "graphmap"} if fmt in {"svg", "pdf"} else None
                fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
                paths.append(path)
    finally:
        plt.close(fig)
    return paths
