"""Dagster's log on the terminal: warnings as they happen, with report text escaped; no errors.

A failure reaches the terminal once, as the error `juesuan run` stops with (one line for a full disk,
disk_full.py): Dagster's console logger printed each failure's traceback twice more before it. Every event
stays in the Dagster instance (`make dev` shows them).
"""

import logging
import sys

from dagster import Field, InitLoggerContext, logger

from ..untrusted_text import lines_for_terminal

# The layout of Dagster's own console logger (without its colours), built from the standard library.
_FORMAT = logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s", "%Y-%m-%d %H:%M:%S %z")


def _for_terminal(record: logging.LogRecord) -> bool:
    if record.levelno >= logging.ERROR:
        return False
    record.msg, record.args = lines_for_terminal(record.getMessage()), ()
    return True


@logger(
    {"log_level": Field(str, is_required=False, default_value="INFO")},
    description="Dagster's console logger, without errors and with report text escaped.",
)
def terminal_logger(init_context: InitLoggerContext) -> logging.Logger:
    console = logging.Logger("dagster", init_context.logger_config["log_level"])
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_FORMAT)
    handler.addFilter(_for_terminal)
    console.addHandler(handler)
    return console
