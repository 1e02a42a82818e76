"""The laptop's settings file, `.env.local`, read by `manage.py` only.

`make run` writes it (`DJANGO_DEBUG=1`), so the commands the README and `load_demo`'s "What
next" print (`manage.py import_seeds DIR`, `manage.py publish …`) work as written outside
make, instead of stopping at "DJANGO_SECRET_KEY is not set". Lines are `NAME=value`; `#`
starts a comment. A variable the environment already sets wins.

It is never read when the environment sets `DJANGO_SECRET_KEY` (a deployment always does),
nor by the web server (WSGI/ASGI do not call this): a file left in a checkout cannot turn
on DEBUG in production.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE = Path(__file__).resolve().parent.parent / ".env.local"


def load(path: Path = FILE, environ=os.environ) -> list[str]:
    """Set the variables `path` names that `environ` lacks; returns their names."""
    if environ.get("DJANGO_SECRET_KEY") or not path.is_file():
        return []
    loaded = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = (part.strip() for part in line.split("=", 1))
        if name and name not in environ:
            environ[name] = value
            loaded.append(name)
    return loaded
