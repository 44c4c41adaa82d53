"""What the operator configures: API keys, read access, upload limits, CORS."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.errors import InputError

#: Environment variable holding comma-separated API keys.
KEYS_ENV = "GRAPHMAP_API_KEYS"
#: Shorter keys are refused: they can be guessed.
MIN_KEY_LENGTH = 12

#: File types graphmap reads (see ``graphmap add --help``); anything else is refused with 415.
UPLOAD_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".docx", ".pdf", ".pptx", ".html", ".htm", ".xlsx", ".xls", ".csv"}
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Service settings.

    ``api_keys`` empty means the service is read-only: every write answers 403.
    ``public_read`` lets anyone read without a key (the analysts' page on a trusted host).
    ``max_upload_bytes`` bounds one upload request (all its files together).
    A client (by address) that sends ``auth_failures`` wrong keys within ``auth_window_s``
    seconds is answered 429 with ``Retry-After`` until the oldest of them is that old.
    """

    api_keys: frozenset[str] = frozenset()
    public_read: bool = True
    max_upload_bytes: int = 50 * 1024 * 1024
    max_files_per_upload: int = 20
    upload_suffixes: frozenset[str] = UPLOAD_SUFFIXES
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    #: wrong API keys one client may send within ``auth_window_s`` before it gets 429
    auth_failures: int = 10
    auth_window_s: float = 60.0


def parse_keys(values: Iterable[str], source: str) -> frozenset[str]:
    """Clean keys (blank lines and ``#`` comments dropped); refuse ones too short to be safe."""
    keys = set()
    for raw in values:
        key = raw.strip()
        if not key or key.startswith("#"):
            continue
        if len(key) < MIN_KEY_LENGTH:
            raise InputError(
                f"an API key in {source} has {len(key)} characters (at least "
                f"{MIN_KEY_LENGTH} needed)",
                "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(24))'`",
            )
        keys.add(key)
    return frozenset(keys)


def load_api_keys(
    keys_file: Path | None = None, env: dict[str, str] | None = None
) -> frozenset[str]:
    """Keys from ``$GRAPHMAP_API_KEYS`` (comma-separated) plus a keys file (one per line)."""
    environ = os.environ if env is None else env
    keys = parse_keys(environ.get(KEYS_ENV, "").split(","), f"${KEYS_ENV}")
    if keys_file is not None:
        try:
            lines = keys_file.read_text("utf-8").splitlines()
        except OSError as exc:
            raise InputError(
                f"API keys file {keys_file} cannot be read: {exc.strerror or exc}",
                "pass a readable file with one key per line",
            ) from exc
        keys |= parse_keys(lines, str(keys_file))
    return keys
