"""Dagster's log on the terminal: warnings as they happen, with report text escaped; no errors.

A failure reaches the terminal once, as the error `juesuan run` stops with (one line for a full disk,
disk_full.py): Dagster's console logger printed each failure's traceback twice more before it. Every event
stays in the Dagster instance (`make dev` shows them).
"""

import logging

from dagster import Field, InitLoggerContext, logger
from dagster._utils.log import create_console_logger

from ..untrusted_text import lines_for_terminal


def _for_terminal(record: logging.LogRecord) -> bool:
    if record.levelno >= logging.ERROR:
        return False
    record.msg, record.args = lines_for_terminal(record.getMessage()), ()
    return True


@logger({"log_level": Field(str, is_required=False, default_value="INFO")},
        description="Dagster's console logger, without errors and with report text escaped.")
def terminal_logger(init_context: InitLoggerContext) -> logging.Logger:
    console = create_console_logger("dagster", init_context.logger_config["log_level"])
    for handler in console.handlers:
        handler.addFilter(_for_terminal)
    return console
