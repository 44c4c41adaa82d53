"""Assembling the Chinese and English spaCy pipelines from graphmap's components.

Chinese: ``spacy.blank("zh")`` with the *character* segmenter (DESIGN.md said jieba; jieba's
word boundaries make 4-10% of gold entities unreachable for span-based NER, characters make
none), LAC, the statistical recognizer trained by ``scripts/train_ner.py`` when it is shipped
in ``nlp/data/ner-zh``, then gazetteer, titles, technologies, organization typing and
affiliation parsing. English: ``spacy.blank("en")`` with name patterns and the same
dictionary components.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401 - registers the factories
from nlp.gazetteer import Gazetteer

MODEL_DIR = Path(__file__).resolve().parent / "data" / "ner-zh"

#: LAC labels added where the statistical recognizer found nothing (chosen by measured F1).
ADD_LAC_LABELS: list[str] = []

_TAIL = ("graphmap_gazetteer", "graphmap_titles", "graphmap_tech", "graphmap_org_typing",
         "graphmap_affiliation")


def has_statistical_ner() -> bool:
    return (MODEL_DIR / "config.cfg").is_file()


def build_chinese(*, statistical: bool | None = None, lac_entities: bool = True) -> Language:
    """The Chinese pipeline; ``statistical=None`` uses the shipped model when present."""
    if statistical is None:
        statistical = has_statistical_ner()
    nlp = spacy.blank("zh")
    nlp.add_pipe("graphmap_lac", config={"emit_entities": lac_entities and not statistical})
    if statistical:
        trained = spacy.load(MODEL_DIR)
        nlp.add_pipe("tok2vec", source=trained)
        nlp.add_pipe("ner", source=trained)
        nlp.add_pipe("graphmap_ner_merge", config={"add_lac_labels": ADD_LAC_LABELS})
    for name in _TAIL:
        nlp.add_pipe(name)
    return nlp


def build_english() -> Language:
    """The English pipeline: name patterns plus the shared dictionary components."""
    nlp = spacy.blank("en")
    nlp.add_pipe("graphmap_en_entities")
    for name in _TAIL:
        config = {"use_lac_terms": False} if name == "graphmap_tech" else {}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=4)
def pipelines(statistical: bool | None = None) -> tuple[Language, Language]:
    """The (Chinese, English) pipelines, built once per process."""
    return build_chinese(statistical=statistical), build_english()


def set_gazetteer(nlp: Language, gazetteer: Gazetteer | None) -> None:
    """Point the pipeline's gazetteer component at ``gazetteer`` (or none)."""
    nlp.get_pipe("graphmap_gazetteer").gazetteer = gazetteer


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Changes whenever the code, dictionaries or the shipped model change."""
    import hashlib

    digest = hashlib.sha1()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if (path.is_file() and path.suffix in {".py", ".txt", ".yaml", ".cfg", ".json"}) or (
            path.is_file() and MODEL_DIR in path.parents
        ):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return f"nlp-{digest.hexdigest()[:12]}"
