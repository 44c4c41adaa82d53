"""Okapi BM25 over numpy posting lists, built once, scored in a few vector operations.

Each (term, document) pair's BM25 weight ``idf(t) * tf (k1 + 1) / (tf + k1 (1 - b + b |d| /
avgdl))`` is precomputed and stored term by term (a CSC layout without scipy), so a query
costs the postings of its own terms, not the number of documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


class BM25:
    """A BM25 index over tokenized documents.

    Parameters
    ----------
    documents : sequence of token lists (term frequency = repetitions)
    k1, b : the usual BM25 saturation and length-normalization parameters

    Examples
    --------
    >>> index = BM25([["机器人", "控制"], ["电池", "材料"], ["机器人", "机器人", "视觉"]])
    >>> scores = index.scores({"机器人": 1.0})
    >>> int(scores.argmax()), float(scores[1])
    (2, 0.0)
    >>> index.matched_terms(0, ["控制", "电池"])
    ['控制']
    """

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.n_docs = n_docs = len(documents)
        self.vocabulary: dict[str, int] = {}
        vocab = self.vocabulary
        lengths = np.fromiter((len(d) for d in documents), dtype=np.float64, count=n_docs)
        term_of = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for d in documents for t in d),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths.astype(np.int64))
        n_terms = len(vocab)
        # Unique (term, doc) pairs in term-major order; counts are the term frequencies.
        keys, tf = np.unique(term_of * max(n_docs, 1) + doc_of, return_counts=True)
        post_term, post_doc = keys // max(n_docs, 1), keys % max(n_docs, 1)
        df = np.bincount(post_term, minlength=n_terms).astype(np.float64)
        self.idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        avgdl = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
        norm = k1 * (1.0 - b + b * lengths / avgdl)
        self.post_doc = post_doc
        self.post_weight = self.idf[post_term] * tf * (k1 + 1.0) / (tf + norm[post_doc])
        self.term_ptr = np.concatenate([[0], np.cumsum(df.astype(np.int64))])
        # Document-major view of the same pairs, for "which query terms does doc d contain".
        order = np.argsort(post_doc, kind="stable")
        self.doc_terms = post_term[order]
        self.doc_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(post_doc, minlength=n_docs).astype(np.int64))]
        )

    def scores(self, query: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every document for weighted query terms (unknown terms ignored)."""
        out = np.zeros(self.n_docs)
        for term, weight in query.items():
            col = self.vocabulary.get(term)
            if col is None or weight == 0:
                continue
            lo, hi = self.term_ptr[col], self.term_ptr[col + 1]
            # A document occurs once per term's postings, so plain fancy-index add is exact.
            out[self.post_doc[lo:hi]] += weight * self.post_weight[lo:hi]
        return out

    def document_frequency(self, term: str) -> int:
        col = self.vocabulary.get(term)
        return 0 if col is None else int(self.term_ptr[col + 1] - self.term_ptr[col])

    def matched_terms(self, doc: int, terms: Sequence[str]) -> list[str]:
        """Which of ``terms`` occur in document ``doc``."""
        present = set(self.doc_terms[self.doc_ptr[doc] : self.doc_ptr[doc + 1]].tolist())
        return [t for t in terms if self.vocabulary.get(t, -1) in present]
