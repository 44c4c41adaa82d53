"""The one error type ingest raises: a file that cannot be read, with the reason and a fix."""

from __future__ import annotations

from graphmap.errors import InputError


class IngestError(InputError):
    """A file cannot be turned into a Document.

    ``path`` names the file; ``reason`` is a short machine-friendly tag (``empty``,
    ``too_large``, ``corrupt``, ``encrypted``, ``zip_bomb``, ``binary``, ``encoding``,
    ``image_only``, ``unsupported``, ``unknown_layout``, ``not_found``) so run reports can be
    grouped; ``message`` and ``fix`` are for people.
    """

    def __init__(self, path: str, reason: str, message: str, fix: str = "") -> None:
        super().__init__(f"{path}: {message}", fix)
        self.path = path
        self.problem = message  # the message without the path, for clients that name files
        self.reason = reason
