"""Start gunicorn with gunicorn.conf.py: `python -m newsroom.serve [gunicorn's options]`.

gunicorn reads WEB_CONCURRENCY with a bare `int()` when it is imported, before any
configuration file runs, so a value that is not a whole number ends in a traceback
(and a negative one in a message) that does not name the variable. This entry point checks it first; gunicorn.conf.py
checks the rest (and WEB_CONCURRENCY's range) with the same one-line messages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def main(argv: list[str]) -> None:
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    try:
        workers = int(value or "1")
    except ValueError:
        sys.exit(f"WEB_CONCURRENCY={value!r} is not a whole number.")
    if workers < 1:  # gunicorn's own refusal of a negative one does not name the variable
        sys.exit(f"WEB_CONCURRENCY={workers} is too small; give 1 or more.")
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "-c", str(CONFIG), *argv]
    run()


if __name__ == "__main__":
    main(sys.argv[1:])
