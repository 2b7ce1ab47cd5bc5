"""No English from the server in the Vietnamese interface: every problem the org_units package
raises, and every field error it names, is worded in both languages (a `Said`), so the next rule
of the hierarchy or the reorganisation import cannot be written in English only."""

import ast
import importlib
import inspect
import typing
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from backend.config import PROJECT_ROOT
from backend.data_values.errors import ImportRejected
from backend.errors import InvalidInput, ProblemError, field_error
from backend.kit.said import Said
from backend.org_units.errors import InvalidEvent

PACKAGE = PROJECT_ROOT / "backend" / "org_units"


def _value(names: Mapping[str, Any], node: ast.expr) -> Any:
    """What a name (`Said`, `errors.InvalidMove`) stands for in a module, if it is its own."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _value(names, node.value)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _says_both(names: Mapping[str, Any], node: ast.expr) -> bool:
    """Whether an expression is a Said: one built there, a module's Said, one made from a Said by
    format() or after(), or what a function declared to return a Said returns."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "after"}:
            return _says_both(names, node.func.value)
        called = _value(names, node.func)
        if called is Said:
            return True
        try:
            return typing.get_type_hints(called).get("return") is Said
        except TypeError:
            return False
    return isinstance(_value(names, node), Said)


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _english_only(names: Mapping[str, Any], source: str) -> list[tuple[int, str]]:
    """(line, what) of each problem raised, or field error named, without a Said."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            raised = _value(names, node.exc.func)
            if not (isinstance(raised, type) and issubclass(raised, ProblemError)):
                continue
            parameters = list(inspect.signature(raised).parameters)
            detail = (_argument(node.exc, parameters.index("detail"), "detail")
                      if "detail" in parameters else None)
            # Without a detail, the problem's own (ImportRejected's) is said.
            if not (_says_both(names, detail) if detail is not None
                    else isinstance(getattr(raised, "usual_detail", None), Said)):
                found.append((node.lineno, raised.__name__))
        elif isinstance(node, ast.Call) and _value(names, node.func) is field_error:
            message = _argument(node, 1, "msg")
            if message is None or not _says_both(names, message):
                found.append((node.lineno, "field_error"))
    return sorted(found)


def _worded(number: int) -> Said:
    return Said(vi=f"số {number}", en=f"number {number}")


def test_the_detector_sees_a_detail_in_english_only():
    names = {"InvalidEvent": InvalidEvent, "InvalidInput": InvalidInput, "Said": Said,
             "ImportRejected": ImportRejected, "field_error": field_error, "_worded": _worded,
             "_KEPT": Said(vi="giữ", en="kept"), "ValueError": ValueError}
    source = '''
raise InvalidEvent("A move names the units.")
raise InvalidEvent(f"This event takes one {what}.")
raise InvalidEvent(Said(vi="Sự kiện chuyển cần mã các đơn vị.", en="A move names the units."))
raise InvalidEvent(detail=Said(vi="một", en="one"))
raise InvalidEvent(_KEPT)
raise InvalidEvent(_KEPT.after("Sự kiện 1: "))
raise InvalidEvent(_worded(3))
raise InvalidEvent(str(_KEPT))
raise InvalidEvent(reason)
raise ImportRejected(summary)
raise ValueError("not a problem document")
raise InvalidInput(Said(vi="Sai.", en="Wrong."), errors=[field_error(["body"], "missing column")])
errors.append(field_error(["body"], Said(vi="Thiếu cột event.", en="missing column event")))
'''
    assert _english_only(names, source) == [(2, "InvalidEvent"), (3, "InvalidEvent"),
                                            (9, "InvalidEvent"), (10, "InvalidEvent"),
                                            (13, "field_error")]


def _module(path: Any) -> ModuleType:
    return importlib.import_module(f"backend.org_units.{path.stem}")


def test_every_problem_of_org_units_is_said_in_both_languages():
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        module = _module(path)
        offenders += [f"{path.relative_to(PROJECT_ROOT).as_posix()}:{line} {what}"
                      for line, what in _english_only(vars(module), path.read_text("utf-8"))]
    assert offenders == [], "word the detail as Said(vi=..., en=...): backend/kit/said.py"
