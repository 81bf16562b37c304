"""styr: run styr rule files from Python, over files or data in memory.

    import styr

    rules = styr.RuleSet("rules/hovedstaden-2021-2022.styr")
    result = rules.check(tariffs="export/takster.csv")   # the other datasets: their own files
    print(result.verdict)                                 # "holds" or "fails"
    for rule in result.rules:
        for item in rule.items:
            print(rule.id, item.key, item.message)

A dataset is given as a file path, a list of dicts (one a row), a dict of column lists, or
a pandas DataFrame; see RuleSet.check. Money comes back as decimal.Decimal, exact.

libstyr (the C library) is found through $STYR_LIBRARY, else as the installed
libstyr.so.0, else in the build/ folder of the source tree.
"""
import ctypes
import os
import weakref

from . import _columns, _lib, _results
from ._errors import DataError, Error, RulesError, UsageError
from ._results import Item, Rule

__all__ = ["RuleSet", "Result", "Rule", "Item", "Error", "RulesError", "DataError", "UsageError",
           "library_version"]


def library_version():
    """The version of the libstyr in use, "MAJOR.MINOR.PATCH"."""
    return _lib.text(_lib.lib.styr_version())


class _Closing:
    """with blocks and the collector close what holds a C handle (the attribute _HANDLE)."""
    _HANDLE = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, self._HANDLE, None) is not None:
            self.close()


class RuleSet(_Closing):
    """A checked rule file, ready to run any number of times (and from many threads).

    RuleSet(path) opens a file; RuleSet.from_text(name, text) rule text, with name
    standing for its path (imports and data files are found from its folder). Both
    raise RulesError, whose diagnostics hold every error as `styr check` prints it.
    Close it with close() or a with block; results still open are closed with it.

    A rule file imports and names data files only in its own folder tree; allow_paths
    lists more folders it may reach, as `styr check --allow-path DIR` does.
    """

    _HANDLE = "_handle"

    def __init__(self, path, *, allow_paths=()):
        options = _lib.open_options(allow_paths)
        self._open(lambda out: _lib.lib.styr_rules_open_with(_lib.encode(path, "path"), options, out))

    @classmethod
    def from_text(cls, name, text, *, allow_paths=()):
        self = cls.__new__(cls)
        data = _lib.encode(text, "text")
        options = _lib.open_options(allow_paths)
        self._open(lambda out: _lib.lib.styr_rules_open_text_with(_lib.encode(name, "name"), data, len(data),
                                                                  options, out))
        return self

    def _open(self, opener):
        self._handle = None
        self._results = weakref.WeakSet()
        handle = ctypes.c_void_p()
        status = opener(ctypes.byref(handle))
        if status != _lib.OK:
            diagnostics = _lib.text(_lib.lib.styr_rules_errmsg(handle))
            _lib.lib.styr_rules_close(handle)
            raise RulesError(diagnostics)
        self._handle = handle
        h = self._handle
        self.agreement = _lib.text(_lib.lib.styr_rules_agreement(h))
        #: Rule id -> title, in the order of the rule file.
        self.titles = {_lib.text(_lib.lib.styr_rule_id(h, i)): _lib.text(_lib.lib.styr_rule_title(h, i))
                       for i in range(_lib.lib.styr_rules_count(h))}
        self._declared = {}     # dataset -> [(column, STYR_TYPE_*)]
        for d in range(_lib.lib.styr_rules_datasets(h)):
            cols = []
            for c in range(_lib.lib.styr_dataset_columns(h, d)):
                type_ = ctypes.c_int()
                cols.append((_lib.text(_lib.lib.styr_dataset_column(h, d, c, ctypes.byref(type_), None)), type_.value))
            self._declared[_lib.text(_lib.lib.styr_dataset_name(h, d))] = cols
        #: Dataset name -> {column name: type}, the types "text", "money", "number",
        #: "percent", "int", "year", "date" or "bool", as the rule file declares them.
        self.datasets = {ds: {name: _lib.TYPE_NAMES[t] for name, t in cols} for ds, cols in self._declared.items()}

    def _live(self):
        if self._handle is None:
            raise UsageError("the rule set is closed")
        return self._handle

    def check(self, datasets=None, /, *, engine="auto", jobs=0, **named):
        """Runs every rule and returns a Result.

        Datasets are given by name, as keywords (tariffs=...) or in a dict as the first
        argument; the others are read from the files the rule file names. Each is:

        - a file path (str or os.PathLike): a CSV file in any dialect `styr check` reads;
        - a list of dicts, one a row, keyed by the declared column names;
        - a dict of column lists, {"offer_id": [...], "year": [...], ...};
        - a pandas DataFrame (where pandas is installed), its columns by name.

        Columns are matched by the names the rule file declares (extra ones are ignored)
        and converted by their declared types, exactly: money from Decimal, str or int
        (whole kroner) as øre, never through binary floating point; a column of floats as
        doubles, each read as its shortest decimal (a fraction of an øre is an error);
        a percent is the number of percent (6.5 for 6.5 %); dates from datetime.date or
        ISO text; None, NaN and blank text are empty rows. engine is "auto", "interp"
        or "jit"; jobs the threads for compiled rules (0: one per core).

        Raises UsageError (an unknown dataset or engine, data of the wrong shape) or
        DataError (a missing column or file, a value that does not fit, naming the
        dataset, column and row).
        """
        handle = self._live()
        given = dict(datasets or {}, **named)
        if engine not in _lib.ENGINES:
            raise UsageError(f"engine {engine!r}: use one of {', '.join(_lib.ENGINES)}")
        run = ctypes.c_void_p()
        if _lib.lib.styr_run_new(handle, ctypes.byref(run)) != _lib.OK:
            raise UsageError("the rule set cannot run")
        result = Result(self, run)
        try:
            _lib.lib.styr_run_set_engine(run, _lib.ENGINES[engine])
            _lib.lib.styr_run_set_jobs(run, int(jobs))
            for name, data in given.items():
                result._bind(name, data)
            status = _lib.lib.styr_execute(run)
            if status != _lib.OK:
                result._raise(status)
            result.verdict = "holds" if _lib.lib.styr_run_verdict(run) == _lib.OK else "fails"
        except BaseException:
            result.close()
            raise
        self._results.add(result)
        return result

    def close(self):
        """Frees the rule set, and any of its results still open."""
        if self._handle is None:
            return
        for result in list(self._results):
            result.close()
        _lib.lib.styr_rules_close(self._handle)
        self._handle = None

    def __repr__(self):
        return f"<styr.RuleSet {self.agreement!r}, {len(self.titles)} rules>"


class Result(_Closing):
    """What a run found.

    verdict: "holds" when every requirement holds, "fails" when one fails or a rule could
    not be evaluated. rules: a Rule for each rule, in the report's order, with its
    items. outputs: output table name -> list of rows, each a dict. json() and text():
    the report as `styr check --format json|text` writes it.

    Values are converted by type: money, number and percent to decimal.Decimal (a
    percent as the number of percent: Decimal("6.25") is 6.25 %; money to the øre as in
    the JSON report), date to datetime.date, year and int to int, bool to bool, text to
    str, and an empty value to None.

    The run's memory is freed by close() or a with block (or when the result is
    collected); the rules and outputs already read stay readable.
    """

    _HANDLE = "_run"

    def __init__(self, ruleset, run):
        self._ruleset = ruleset
        self._run = run
        self._bound = []          # converted columns: libstyr reads them in place
        self._rules = None
        self._outputs = None
        self.verdict = None

    def _bind(self, name, data):
        run = self._run
        if isinstance(data, (str, os.PathLike)):
            status = _lib.lib.styr_bind_file(run, _lib.encode(name, "name"), _lib.encode(data, "path"))
        else:
            if name not in self._ruleset.datasets:
                raise UsageError(f"the rules declare no dataset {name}; they declare: "
                                 + " ".join(self._ruleset.datasets))
            bound = _columns.Bound(name, self._ruleset._declared[name], data)
            self._bound.append(bound)
            status = _lib.lib.styr_bind_columns(run, name.encode("utf-8"), bound.nrows, bound.array,
                                                len(bound.columns))
        if status != _lib.OK:
            self._raise(status)

    def _raise(self, status):
        message = _lib.text(_lib.lib.styr_run_errmsg(self._run))
        raise (DataError if status == _lib.ERR_DATA else UsageError)(message)

    def _live(self):
        if self._run is None:
            raise UsageError("the result is closed")
        return self._run

    @property
    def rules(self):
        if self._rules is None:
            self._rules = _results.rules(self._live(), self._ruleset.titles)
        return self._rules

    def rule(self, rule_id):
        """The Rule of that id (KeyError when there is none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def outputs(self):
        if self._outputs is None:
            self._outputs = _results.outputs(self._live())
        return self._outputs

    def _report(self, fmt, flags=0):
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        if _lib.lib.styr_run_report(self._live(), fmt, flags, ctypes.byref(out), ctypes.byref(length)) != _lib.OK:
            raise UsageError(_lib.text(_lib.lib.styr_run_errmsg(self._run)))
        try:
            return ctypes.string_at(out, length.value).decode("utf-8")
        finally:
            _lib.lib.styr_free(out)

    def json(self):
        """The report as `styr check --format json` writes it (a str)."""
        return self._report(_lib.FORMAT_JSON)

    def text(self, color=False):
        """The report as `styr check` prints it (a str); color adds ANSI colours."""
        return self._report(_lib.FORMAT_TEXT, 1 if color else 0)

    def close(self):
        """Frees the run. The rules and outputs already read stay readable."""
        if self._run is not None:
            _lib.lib.styr_run_free(self._run)
            self._run = None
            self._bound = []

    def __repr__(self):
        return f"<styr.Result {self.verdict}>"
