"""One reader per file format: bytes in, :class:`~ingest.readers.base.Parsed` out."""
