"""One family of errors, each carrying the exit code the command line returns for it.

``InputError`` (exit 2): something a user supplied cannot be used — a deal file, a sheet, a
received contract, a firm's clause library or template, an output path, a missing tool.
``IncompleteDraft`` (exit 1, in drafting): the contract fails the mandatory check.
The command line catches ``AicontractError`` alone and prints its message.
"""

from __future__ import annotations

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXIT_STOPPED = 130  # Ctrl-C or SIGTERM, as a shell reports a process stopped by SIGINT


class AicontractError(Exception):
    """Base of every error aicontract reports to its user; ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_BAD_INPUT
    heading = ""  # printed on the line before the message, e.g. 条款库有误 / clause library error:

    def user_message(self) -> str:
        """What the command line prints."""
        return f"{self.heading}\n{self}" if self.heading else str(self)


class InputError(AicontractError):
    """Bad input: the message names the file, field, row or cell (exit 2)."""

    exit_code = EXIT_BAD_INPUT
