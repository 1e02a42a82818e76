"""Logging filters the settings' LOGGING refers to."""

from __future__ import annotations

import logging


class WithoutTraceback(logging.Filter):
    """Log the record's message on one line, without the exception's traceback.

    For requests with a Host header the site does not serve (scanners send them
    all day): the message names the host, and a 30-line traceback per request
    would only bury the log lines that matter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class RefusalWithoutTraceback(WithoutTraceback):
    """A refused request (403: a permission denied, a CSRF failure) on one line.

    Anyone can provoke refusals at will, so a traceback each would let them flood
    the log; the line still names the path. Errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            return super().filter(record)
        return True
