"""Python data as the columns of styr_bind_columns.

A dataset comes as a list of dicts (one a row), a dict of column lists, or a pandas
DataFrame; each declared column is converted by its declared type, exactly:

- money: Decimal, str ("1234.50") and int (whole kroner) become øre as integers, never
  through binary floating point; a column of floats goes to libstyr as doubles, which it
  reads as the shortest decimal that gives each back. A fraction of an øre is refused.
- number, percent: ints as they are, Decimal and str as integers with a decimal scale,
  floats as doubles. A percent is the number of percent (6.5 for 6.5 %), as in a CSV file.
- int, year, days: int (a whole float or Decimal, or a str of digits, too).
- date: datetime.date (a datetime at midnight, a pandas Timestamp, an ISO str).
- text: str (an int is written out).
- bool: bool, 0 or 1, "true" or "false".

None, NaN, pandas' NA and NaT and a blank str are empty rows.
"""
import ctypes
import datetime
import decimal
import math

from . import _lib
from ._errors import DataError, UsageError

_EPOCH = datetime.date(1970, 1, 1)
_INT64_MAX = 2**63 - 1


class _Refused(Exception):
    """A value that does not fit its column; the text says why."""


def is_empty(v):
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, decimal.Decimal):
        return v.is_nan()
    if isinstance(v, str):
        return not v.strip()
    return type(v).__name__ in ("NAType", "NaTType")


def _decimal(v):
    if isinstance(v, bool):
        raise _Refused("a bool is not a number")
    if isinstance(v, int):
        return decimal.Decimal(v)
    if isinstance(v, float):
        d = decimal.Decimal(repr(v))           # the shortest decimal that gives v back
    elif isinstance(v, decimal.Decimal):
        d = v
    elif isinstance(v, str):
        try:
            d = decimal.Decimal(v.strip())
        except decimal.InvalidOperation:
            raise _Refused("it is not a number") from None
    else:
        raise _Refused(f"a {type(v).__name__} is not a number")
    if not d.is_finite():
        raise _Refused("it is not a finite number")
    return d


def _int64(i):
    if not -_INT64_MAX <= i <= _INT64_MAX:
        raise _Refused("it is out of range")
    return i


def _whole(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return _int64(v)
    d = _decimal(v)
    if d != d.to_integral_value():
        raise _Refused("it is not a whole number")
    return _int64(int(d))


def _oere(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return _int64(v * 100)                 # whole kroner
    q = _decimal(v).scaleb(2)
    if q != q.to_integral_value():
        raise _Refused("it is not whole øre")
    return _int64(int(q))


def _days(v):
    if isinstance(v, datetime.datetime):
        if v.time() != datetime.time(0):
            raise _Refused("it has a time of day; give a date")
        v = v.date()
    elif isinstance(v, str):
        try:
            v = datetime.date.fromisoformat(v.strip())
        except ValueError:
            raise _Refused("it is not a date (YYYY-MM-DD)") from None
    if not isinstance(v, datetime.date):
        raise _Refused(f"a {type(v).__name__} is not a date")
    return (v - _EPOCH).days


def _bool(v):
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return int(v.strip().lower() == "true")
    if isinstance(v, int) and v in (0, 1):
        return int(v)
    raise _Refused("it is not a bool (true or false)")


def _text(v):
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        raise _Refused(f"a {type(v).__name__} is not a text")
    try:
        return v.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused("it is not valid UTF-8 text") from None


class _Column:
    """One styr_column and the ctypes arrays it points into, kept alive with it."""

    def __init__(self, dataset, name, kind, values):
        self.dataset, self.name, self.kind = dataset, name, kind
        n = len(values)
        present = [not is_empty(v) for v in values]
        self.valid = (ctypes.c_uint8 * ((n + 7) // 8 or 1))()
        for i, p in enumerate(present):
            if p:
                self.valid[i >> 3] |= 1 << (i & 7)
        self.lengths = None
        self.scale = 0
        given = [v for v, p in zip(values, present) if p]
        self.type, self.values = self._convert(values, present, given)

    def _refuse(self, row, value, why):
        raise DataError(f"dataset {self.dataset}: column {self.name}, row {row + 1}: "
                        f"cannot read {value!r} as {_lib.TYPE_NAMES[self.kind]}: {why}")

    def _each(self, values, present, convert):
        """convert of each present value, None for the empty ones; a refusal names the row."""
        out = [None] * len(values)
        for i, (v, p) in enumerate(zip(values, present)):
            if p:
                try:
                    out[i] = convert(v)
                except _Refused as e:
                    self._refuse(i, v, e)
        return out

    def _ints(self, values, present, convert):
        ints = self._each(values, present, convert)
        return (ctypes.c_int64 * (len(values) or 1))(*[0 if i is None else i for i in ints])

    def _doubles(self, values, present):
        return (ctypes.c_double * (len(values) or 1))(*[v if p else 0.0 for v, p in zip(values, present)])

    def _convert(self, values, present, given):
        k = self.kind
        all_floats = bool(given) and all(type(v) is float for v in given)
        if k == _lib.TYPE_TEXT:
            texts = self._each(values, present, _text)
            self.lengths = (ctypes.c_uint32 * (len(values) or 1))(*[len(t) if t else 0 for t in texts])
            self._texts = texts
            return _lib.COL_TEXT, (ctypes.c_char_p * (len(values) or 1))(*texts)
        if k in (_lib.TYPE_MONEY, _lib.TYPE_NUMBER, _lib.TYPE_PERCENT, _lib.TYPE_INT, _lib.TYPE_YEAR) and all_floats:
            return _lib.COL_DOUBLE, self._doubles(values, present)
        if k == _lib.TYPE_MONEY:
            return _lib.COL_OERE, self._ints(values, present, _oere)
        if k in (_lib.TYPE_NUMBER, _lib.TYPE_PERCENT):
            return _lib.COL_INT64, self._scaled(values, present)
        if k == _lib.TYPE_DATE:
            return _lib.COL_DAYS, self._ints(values, present, _days)
        if k == _lib.TYPE_BOOL:
            ints = self._ints(values, present, _bool)
            return _lib.COL_BOOL, (ctypes.c_uint8 * len(ints))(*ints)
        return _lib.COL_INT64, self._ints(values, present, _whole)

    def _scaled(self, values, present):
        """Decimals as integers over one power of ten, the largest scale among them."""
        decimals = self._each(values, present, _decimal)
        self.scale = max([0] + [-d.as_tuple().exponent for d in decimals if d is not None])
        if self.scale > 18:
            i = next(i for i, d in enumerate(decimals) if d is not None and -d.as_tuple().exponent > 18)
            self._refuse(i, values[i], "it has more than 18 decimals")
        return self._ints(decimals, present, lambda d: _int64(int(d.scaleb(self.scale))))

    def struct(self):
        return _lib.Column(self.name.encode("utf-8"), self.type, ctypes.cast(self.values, ctypes.c_void_p),
                           self.lengths, self.valid, self.scale)


def _column_lists(dataset, data):
    """The data as {name: list of values}, every list as long."""
    if type(data).__module__.split(".")[0] == "pandas" and hasattr(data, "columns"):
        cols = {str(c): data[c].tolist() for c in data.columns}
    elif isinstance(data, dict):
        cols = {str(k): list(v) for k, v in data.items()}
    elif isinstance(data, (list, tuple)):
        if not all(isinstance(r, dict) for r in data):
            raise UsageError(f"dataset {dataset}: a list of rows must hold dicts")
        names = dict.fromkeys(k for r in data for k in r)
        cols = {str(k): [r.get(k) for r in data] for k in names}
    else:
        raise UsageError(f"dataset {dataset}: give a file path, a list of dicts, a dict of "
                         f"column lists or a pandas DataFrame, not {type(data).__name__}")
    lengths = {len(v) for v in cols.values()}
    if len(lengths) > 1:
        raise UsageError(f"dataset {dataset}: the columns are not all as long ({sorted(lengths)})")
    return cols, (lengths.pop() if lengths else len(data))


class Bound:
    """The declared columns of one dataset, converted from data; keep it as long as the
    run that uses it lives (libstyr reads integer arrays where they lie)."""

    def __init__(self, dataset, declared, data):
        lists, self.nrows = _column_lists(dataset, data)
        self.columns = [_Column(dataset, name, kind, lists[name])
                        for name, kind in declared if name in lists]
        self.array = (_lib.Column * (len(self.columns) or 1))(*[c.struct() for c in self.columns])
