"""The ``responder`` command's entry point, kept free of imports.

``responder.cli`` pulls in Flask, SQLAlchemy and the engine (about a second on a new machine): a Ctrl-C in that second
printed a 50-line ``KeyboardInterrupt`` traceback (new-user trial). Here it gets the same one line as a Ctrl-C after.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    try:
        from responder.cli import main as run
    except KeyboardInterrupt:
        print("responder: stopped (Ctrl-C)", file=sys.stderr)
        return 130
    return run(argv)
