"""Access is decided in auth/: code elsewhere asks `auth.scope` instead of reading a principal's
roles or comparing its unit itself (issue 13: a dozen such checks had drifted apart; issue 16 §2:
none is left outside auth/)."""

import ast

from backend.config import PROJECT_ROOT

BACKEND = PROJECT_ROOT / "backend"
# A principal's roles, and what its roles and unit together make it (whether it sees the whole
# country, whether it is the public that reads only what is published), are asked of auth.scope
# (`holds`, `country_wide`, `view_root`, `unit_filter`, `figures_readable`, ...).
ROLE_READS = {"roles", "has_any", "is_admin", "sees_everything", "is_public"}


def _principals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names bound to a Principal in a function: annotated parameters and Principal.of/public()."""
    names = {a.arg for a in [*function.args.args, *function.args.kwonlyargs]
             if isinstance(a.annotation, ast.Name) and a.annotation.id == "Principal"}
    for node in ast.walk(function):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute)
                and isinstance(node.value.func.value, ast.Name)
                and node.value.func.value.id == "Principal"):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _inspections(source: str) -> list[tuple[int, str]]:
    """(line, attribute) where a principal's roles are read or its unit compared to a unit."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        names = _principals(function)

        def of_principal(node: ast.expr, attrs: set[str], names: set[str] = names) -> bool:
            return (isinstance(node, ast.Attribute) and node.attr in attrs
                    and isinstance(node.value, ast.Name) and node.value.id in names)

        for node in ast.walk(function):
            if of_principal(node, ROLE_READS):
                found.append((node.lineno, node.attr))  # type: ignore[attr-defined]
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(of_principal(s, {"unit_id"}) for s in sides) and not any(map(_is_none, sides)):
                    found.append((node.lineno, "unit_id"))
    return sorted(set(found))


def test_the_detector_sees_the_checks_that_drifted():
    drifted = '''
async def attach(session, principal: Principal, progress) -> None:
    if not (principal.sees_everything or progress.unit_id == principal.unit_id):
        raise Forbidden("...")
    if principal.unit_id is None or not principal.has_any(Role.reporter):
        raise Forbidden("...")
    if data.unit_id is None and not principal.sees_everything:
        raise Forbidden("...")
'''
    assert _inspections(drifted) == [(3, "sees_everything"), (3, "unit_id"), (5, "has_any"),
                                     (7, "sees_everything")]


def test_no_code_outside_auth_reads_a_principals_roles_or_compares_its_unit():
    offenders = []
    for path in sorted(BACKEND.rglob("*.py")):
        relative = path.relative_to(BACKEND).as_posix()
        if relative.startswith("auth/"):
            continue
        offenders += [f"{relative}:{line} principal.{attr}"
                      for line, attr in _inspections(path.read_text("utf-8"))]
    assert offenders == [], "ask backend/auth/scope.py instead"
