"""The results of a run as Python objects, read through libstyr's accessors."""
import ctypes
import datetime
import decimal
from dataclasses import dataclass, field

from . import _lib

_DECIMAL_TYPES = (_lib.TYPE_MONEY, _lib.TYPE_NUMBER, _lib.TYPE_PERCENT)


def value_of(text, type_):
    """A value's text as the JSON report has it, as a Python object: money, number and
    percent as decimal.Decimal (a percent as the number of percent: Decimal("6.25") for
    6.25 %), date as datetime.date, year and int as int, bool as bool, text as str, an
    empty value as None."""
    if text is None:
        return None
    s = text.decode("utf-8", "replace")
    if type_ in _DECIMAL_TYPES:
        return decimal.Decimal(s)
    if type_ == _lib.TYPE_DATE:
        return datetime.date.fromisoformat(s)
    if type_ in (_lib.TYPE_YEAR, _lib.TYPE_INT):
        return int(s)
    if type_ == _lib.TYPE_BOOL:
        return s == "true"
    return s


@dataclass
class Item:
    """A violation, a missed target, a flagged row or group.

    dataset: the dataset its row or group is of; row: the 1-based line of the row in its
    file (its row number, from 1, when the data came from Python), None for a group;
    key: the values that name the row or group; values: the values that decided it, by
    name (see value types on Result); message; explained: whether an explanation is on
    file, and explanation its text (else None); error: why the row could not be
    evaluated (file:line:col), else None."""
    dataset: str
    row: object
    key: dict
    values: dict
    message: str
    explained: bool
    explanation: object
    error: object


@dataclass
class Rule:
    """The outcome of one rule: id and title as in the rule file; kind "requirement",
    "target" or "info"; status "pass", "fail", "explained", "met", "missed" or "error";
    the counts checked, violations, explained and errors; its items."""
    id: str
    title: str
    kind: str
    status: str
    checked: int
    violations: int
    explained: int
    errors: int
    items: list = field(default_factory=list)


def _values(run, r, i, part):
    out = {}
    for k in range(_lib.lib.styr_item_values(run, r, i, part)):
        name, type_ = ctypes.c_char_p(), ctypes.c_int()
        text = _lib.lib.styr_item_value(run, r, i, part, k, ctypes.byref(name), ctypes.byref(type_))
        out[_lib.text(name.value)] = value_of(text, type_.value)
    return out


def _item(run, r, i):
    L = _lib.lib
    row = L.styr_item_row(run, r, i)
    return Item(
        dataset=_lib.text(L.styr_item_text(run, r, i, _lib.ITEM_DATASET)),
        row=row if row > 0 else None,
        key=_values(run, r, i, _lib.PART_KEY),
        values=_values(run, r, i, _lib.PART_VALUES),
        message=_lib.text(L.styr_item_text(run, r, i, _lib.ITEM_MESSAGE)),
        explained=L.styr_item_explained(run, r, i) == 1,
        explanation=_lib.text(L.styr_item_text(run, r, i, _lib.ITEM_EXPLANATION)),
        error=_lib.text(L.styr_item_text(run, r, i, _lib.ITEM_ERROR)),
    )


def rules(run, titles):
    L = _lib.lib
    out = []
    for r in range(L.styr_result_rules(run)):
        rid = _lib.text(L.styr_result_rule_id(run, r))
        count = lambda what: L.styr_result_rule_count(run, r, what)  # noqa: E731
        out.append(Rule(
            id=rid, title=titles.get(rid), kind=_lib.text(L.styr_result_rule_kind(run, r)),
            status=_lib.text(L.styr_result_rule_status(run, r)),
            checked=count(_lib.COUNT_CHECKED), violations=count(_lib.COUNT_VIOLATIONS),
            explained=count(_lib.COUNT_EXPLAINED), errors=count(_lib.COUNT_ERRORS),
            items=[_item(run, r, i) for i in range(count(_lib.COUNT_ITEMS))]))
    return out


def outputs(run):
    L = _lib.lib
    out = {}
    for o in range(L.styr_result_outputs(run)):
        cols = []
        for c in range(L.styr_output_columns(run, o)):
            type_ = ctypes.c_int()
            cols.append((_lib.text(L.styr_output_column(run, o, c, ctypes.byref(type_))), type_.value))
        out[_lib.text(L.styr_output_name(run, o))] = [
            {name: value_of(L.styr_output_cell(run, o, row, c), t) for c, (name, t) in enumerate(cols)}
            for row in range(L.styr_output_rows(run, o))]
    return out
