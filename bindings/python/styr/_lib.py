"""libstyr through ctypes: finding the shared library and declaring its functions.

The library is looked for, in this order: the file $STYR_LIBRARY names; libstyr.so.0 as the
dynamic linker finds it (LD_LIBRARY_PATH, ldconfig's cache); libstyr.so.0 under the usual
prefixes (/usr/local, ~/.local, /opt/styr); the build/ folder of the source tree this
package lies in, when it lies in one.
"""
import ctypes
import ctypes.util
import os
from pathlib import Path

from ._errors import UsageError

SONAME = "libstyr.so.0"
_PREFIXES = ("/usr/local/lib", "~/.local/lib", "/opt/styr/lib")

OK, FAILED, ERR_RULES, ERR_USAGE, ERR_DATA = 0, 1, 2, 2, 3
FORMAT_TEXT, FORMAT_JSON = 0, 1
ENGINES = {"auto": 0, "interp": 1, "jit": 2}
COL_INT64, COL_DOUBLE, COL_OERE, COL_DAYS, COL_TEXT, COL_BOOL = 1, 2, 3, 4, 5, 6
(TYPE_BOOL, TYPE_INT, TYPE_NUMBER, TYPE_PERCENT, TYPE_MONEY,
 TYPE_DATE, TYPE_YEAR, TYPE_TEXT) = range(1, 9)
TYPE_NAMES = {TYPE_BOOL: "bool", TYPE_INT: "int", TYPE_NUMBER: "number", TYPE_PERCENT: "percent",
              TYPE_MONEY: "money", TYPE_DATE: "date", TYPE_YEAR: "year", TYPE_TEXT: "text"}
(COUNT_CHECKED, COUNT_VIOLATIONS, COUNT_EXPLAINED, COUNT_ERRORS, COUNT_ITEMS) = range(5)
ITEM_DATASET, ITEM_MESSAGE, ITEM_EXPLANATION, ITEM_ERROR = range(4)
PART_KEY, PART_VALUES = 0, 1


class Column(ctypes.Structure):
    """struct styr_column."""
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("type", ctypes.c_int),
        ("values", ctypes.c_void_p),
        ("lengths", ctypes.POINTER(ctypes.c_uint32)),
        ("valid", ctypes.POINTER(ctypes.c_uint8)),
        ("scale", ctypes.c_int),
    ]


class OpenOptions(ctypes.Structure):
    """struct styr_open_options."""
    _fields_ = [
        ("allow_paths", ctypes.POINTER(ctypes.c_char_p)),
    ]


def open_options(allow_paths):
    """A styr_open_options allowing the folders of allow_paths (str or PathLike each)."""
    if isinstance(allow_paths, (str, bytes, os.PathLike)):
        raise UsageError("allow_paths must be a list of folders, not one")
    folders = [encode(p, "a folder of allow_paths") for p in allow_paths]
    array = (ctypes.c_char_p * (len(folders) + 1))(*folders, None)
    options = OpenOptions(ctypes.cast(array, ctypes.POINTER(ctypes.c_char_p)))
    options._array = array       # kept alive as long as the options
    return options


def _candidates():
    env = os.environ.get("STYR_LIBRARY")
    if env:
        # Named on purpose: no other library stands in for it.
        yield env
        return
    yield SONAME
    found = ctypes.util.find_library("styr")
    if found:
        yield found
    for prefix in _PREFIXES:
        yield str(Path(prefix).expanduser() / SONAME)
    tree = Path(__file__).resolve().parents[3]     # bindings/python/styr/_lib.py in a source tree
    if (tree / "runtime" / "styr.h").exists():
        yield str(tree / "build" / SONAME)


def _open():
    tried = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError("styr: cannot load libstyr; tried " + "; ".join(tried) +
                      ". Install it (make install PREFIX=...) or set STYR_LIBRARY to the file.")


lib = _open()

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_I = ctypes.c_int
_I64 = ctypes.c_int64
_SIGNATURES = {
    "styr_version": (_S, []),
    "styr_rules_open": (_I, [_S, ctypes.POINTER(_P)]),
    "styr_rules_open_text": (_I, [_S, _S, ctypes.c_size_t, ctypes.POINTER(_P)]),
    "styr_rules_open_with": (_I, [_S, ctypes.POINTER(OpenOptions), ctypes.POINTER(_P)]),
    "styr_rules_open_text_with": (_I, [_S, _S, ctypes.c_size_t, ctypes.POINTER(OpenOptions), ctypes.POINTER(_P)]),
    "styr_rules_errmsg": (_S, [_P]),
    "styr_rules_agreement": (_S, [_P]),
    "styr_rules_count": (_I, [_P]),
    "styr_rule_id": (_S, [_P, _I]),
    "styr_rule_title": (_S, [_P, _I]),
    "styr_rules_datasets": (_I, [_P]),
    "styr_dataset_name": (_S, [_P, _I]),
    "styr_dataset_columns": (_I, [_P, _I]),
    "styr_dataset_column": (_S, [_P, _I, _I, ctypes.POINTER(_I), ctypes.POINTER(_I)]),
    "styr_rules_close": (None, [_P]),
    "styr_run_new": (_I, [_P, ctypes.POINTER(_P)]),
    "styr_bind_file": (_I, [_P, _S, _S]),
    "styr_bind_columns": (_I, [_P, _S, _I64, ctypes.POINTER(Column), _I]),
    "styr_run_set_engine": (_I, [_P, _I]),
    "styr_run_set_jobs": (_I, [_P, _I]),
    "styr_execute": (_I, [_P]),
    "styr_run_errmsg": (_S, [_P]),
    "styr_run_verdict": (_I, [_P]),
    "styr_run_report": (_I, [_P, _I, _I, ctypes.POINTER(_P), ctypes.POINTER(ctypes.c_size_t)]),
    "styr_result_rules": (_I, [_P]),
    "styr_result_rule_id": (_S, [_P, _I]),
    "styr_result_rule_kind": (_S, [_P, _I]),
    "styr_result_rule_status": (_S, [_P, _I]),
    "styr_result_rule_count": (_I64, [_P, _I, _I]),
    "styr_item_text": (_S, [_P, _I, _I64, _I]),
    "styr_item_row": (_I64, [_P, _I, _I64]),
    "styr_item_explained": (_I, [_P, _I, _I64]),
    "styr_item_values": (_I, [_P, _I, _I64, _I]),
    "styr_item_value": (_S, [_P, _I, _I64, _I, _I, ctypes.POINTER(_S), ctypes.POINTER(_I)]),
    "styr_result_outputs": (_I, [_P]),
    "styr_output_name": (_S, [_P, _I]),
    "styr_output_columns": (_I, [_P, _I]),
    "styr_output_column": (_S, [_P, _I, _I, ctypes.POINTER(_I)]),
    "styr_output_rows": (_I64, [_P, _I]),
    "styr_output_cell": (_S, [_P, _I, _I64, _I]),
    "styr_run_free": (None, [_P]),
    "styr_free": (None, [_P]),
}

for _name, (_res, _args) in _SIGNATURES.items():
    try:
        _fn = getattr(lib, _name)
    except AttributeError:
        raise ImportError(f"styr: {lib._name} has no {_name}; it is older than this binding") from None
    _fn.restype = _res
    _fn.argtypes = _args


def text(b):
    """A C string from libstyr as str (None stays None)."""
    return None if b is None else b.decode("utf-8", "replace")


def encode(s, what):
    """str or PathLike as the bytes libstyr takes."""
    if isinstance(s, os.PathLike):
        s = os.fspath(s)
    if isinstance(s, bytes):
        return s
    if not isinstance(s, str):
        raise UsageError(f"{what} must be a str, not {type(s).__name__}")
    return s.encode("utf-8", "surrogateescape")
