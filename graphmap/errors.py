"""The project's own error type: every failure a user can cause says what and how to fix it."""

from __future__ import annotations


class GraphmapError(Exception):
    """An error the user can act on.

    ``message`` names the file, field or value at fault; ``fix`` says what to do about it.
    The CLI prints both on one line each and exits non-zero; the API turns them into a 4xx.
    """

    exit_code = 1

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} (fix: {self.fix})" if self.fix else self.message


class WorkspaceError(GraphmapError):
    """The workspace is missing, locked, corrupt or from a newer graphmap."""


class InputError(GraphmapError):
    """A file, a list or an argument cannot be used as given."""
