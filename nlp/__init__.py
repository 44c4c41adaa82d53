"""graphmap's text understanding: Document in, entities and relations with evidence out.

>>> from graphmap.model import Document
>>> from nlp import extract_document
>>> doc = Document(path="salon.txt", content_hash="h",
...                text="中国工程院院士、清华大学教授张三介绍了人工智能的进展。")
>>> ex = extract_document(doc)
>>> sorted((e.kind.value, e.name) for e in ex.entities)[:3]
[('Organization', '清华大学'), ('Person', '张三'), ('Technology', '人工智能')]
"""

from nlp.extract import extract_document, extract_many
from nlp.gazetteer import Gazetteer, KnownEntity
from nlp.pipeline import build_chinese, build_english, pipeline_version

__all__ = [
    "Gazetteer",
    "KnownEntity",
    "build_chinese",
    "build_english",
    "extract_document",
    "extract_many",
    "pipeline_version",
]
