"""Logging pieces referred to by ``LOGGING`` in settings."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the record's message, drop its traceback: for expected, repeated refusals."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
