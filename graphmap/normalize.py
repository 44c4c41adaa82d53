"""Text normalization used before any name is compared or hashed into an id.

Full-width forms become half-width (NFKC), traditional characters become simplified
(OpenCC ``t2s``), brackets are unified, whitespace removed and Latin letters lower-cased.
The original text is never replaced: evidence keeps what the document said.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                           "[": "(", "]": ")", "「": "", "」": "", "《": "", "》": "",
                           "“": "", "”": "", '"': "", "'": ""})
_SPACE = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified; other text is unchanged.

    Examples
    --------
    >>> to_simplified("北京航空航天大學")
    '北京航空航天大学'
    """
    return _CONVERTER.convert(text)


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Return the comparison form of a name.

    Examples
    --------
    >>> normalize_name("  清華大學（深圳）研究院 ")
    '清华大学(深圳)研究院'
    >>> normalize_name("ＡＢＣ Robotics Co.")
    'abcroboticsco.'
    """
    text = unicodedata.normalize("NFKC", name)
    text = to_simplified(text)
    text = text.translate(_BRACKETS)
    text = _SPACE.sub("", text)
    return text.lower()
