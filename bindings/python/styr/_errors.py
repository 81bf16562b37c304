"""The exceptions of the styr package."""


class Error(Exception):
    """Anything libstyr refused."""


class RulesError(Error):
    """The rule file is wrong. `diagnostics` holds every message (file:line:col, the
    line, a hint), as `styr check` prints them."""

    def __init__(self, diagnostics):
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


class DataError(Error):
    """The data is wrong: a missing file or column, a value that cannot be read. The
    message names the dataset, the column and the row or line."""


class UsageError(Error):
    """The call is wrong: an unknown dataset, a closed handle, a value of a type no
    column takes."""
