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
