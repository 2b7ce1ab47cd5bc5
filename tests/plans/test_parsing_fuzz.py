"""The plan parser against what a planner might paste, and what an attacker might: it never fails on
any text, and its work grows linearly with the text.

Work is counted, not timed: the calls the parser makes (cProfile) plus the characters handed to its
regular expressions. A loop that rescans the text, or a regular expression retried from every
position, makes the count grow with the square of the text.
"""

import cProfile
import pstats
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backend.config import PROJECT_ROOT
from backend.plans import parsing
from backend.plans.parsing import PlanTextError, parse_plan_text

FUZZ = settings(max_examples=300, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))

# Pieces of real plans: labels of every level, the words that steer the parser, dates, numbers.
PIECES = (
    "KẾ HOẠCH", "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
    "Hớn Quản, ngày 05 tháng 3 năm 2024", "Căn cứ Luật số 10/2022/QH15 ngày 10/11/2022 của Quốc hội;",
    "Thực hiện Kế hoạch số 5/KH-UBND của UBND tỉnh", "I.", "II.", "1.", "2)", "a)", "b)", "đ)", "d)",
    "-", "+", "•", "MỤC TIÊU CỤ THỂ", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN", "Phòng Nội vụ", "UBND các xã",
    "phối hợp với Phòng Tư pháp và Đài truyền thanh", "đạt 90%", "không quá 5%", "trên 70,5 %",
    "hàng năm", "định kỳ từ 03 – 05 năm", "thường xuyên", "và", "tỷ lệ", "Nơi nhận:",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "(đã ký)", "Trang 2", "- 3 -", ".", ";", ":",
    "./.", "\u00ad", "\u200b", "\t", "\r", "\f", "\x00",
    "| TT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |", "| I | Nhóm | Nhóm | Nhóm |",
    "| 1 | Tuyên truyền | Phòng Nội vụ | Quý I/2025 |", "| 1.1 | Kiểm tra | | hằng năm |", "|",
    "Cơ quan chủ trì: Sở Nội vụ; Thời gian thực hiện: trước ngày 31/3/2025", "PHỤ LỤC", "1.1.",
    "01 lần/năm", "6 tháng đầu năm", "trong tháng 7 năm 2025",
)  # fmt: skip
plan_like = st.lists(
    st.tuples(st.sampled_from(PIECES) | st.text(max_size=12), st.sampled_from(" \n\n\n")),
    max_size=80,
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


def _parse(text: str) -> parsing.ParsedPlan | None:
    """The parsed plan; None for a text with no line left once page numbers are dropped, the one
    text the parser refuses."""
    try:
        return parse_plan_text(text)
    except PlanTextError:
        return None


def _assert_consistent(plan: parsing.ParsedPlan) -> None:
    numbers = [section.number for section in plan.sections]
    assert len(numbers) == len(set(numbers))
    known = set(numbers)
    assert {s.parent_number for s in plan.sections if s.parent_number} <= known
    assert {target.section_number for target in plan.targets} <= known
    assert {task for body in plan.bodies for task in body.tasks} <= known


@FUZZ
@given(text=st.text())
def test_any_text_parses(text):
    plan = _parse(text)
    if plan is not None:
        _assert_consistent(plan)


@FUZZ
@given(text=plan_like)
@example(text="KẾ HOẠCH")  # a text ending right after its document type (was an IndexError)
@example(text="KẾ HOẠCH\nX")
def test_plan_like_text_parses_into_a_consistent_tree(text):
    plan = _parse(text)
    if plan is not None:
        _assert_consistent(plan)


# Adversarial shapes, each a function of a size in characters.
HEAD = "KẾ HOẠCH\nThực hiện dân chủ ở cơ sở\nI. MỤC TIÊU CỤ THỂ\n1. Chỉ tiêu\n- "
SHAPES: dict[str, Callable[[int], str]] = {
    "nested numbering": lambda n: "1." * (n // 2),
    "nested numbering lines": lambda n: "".join("1." * (k % 50 + 1) + " x\n" for k in range(n // 50)),
    "a long line without spaces": lambda n: "x" * n,
    "a) b) c) on one line": lambda n: "a) b) c) " * (n // 9),
    "deep I. 1. a) - + nesting": lambda n: "I. Mục tiêu\n1. Nội dung\na) Việc\n- Ý\n+ Ý nhỏ\n" * (n // 45),
    "many short lines": lambda n: "x\n" * (n // 2),
    "many labelled lines": lambda n: "".join(f"{k % 99 + 1}. x\n" for k in range(n // 6)),
    "percentages in one sentence": lambda n: HEAD + "1% " * (n // 3),
    "percentages in many sentences": lambda n: HEAD + "1%. " * (n // 4),
    "filler words before a percentage": lambda n: HEAD + "và " * (n // 3) + "x 5%",
    "a legal basis of many documents": lambda n: "KẾ HOẠCH\nX\nCăn cứ " + "Luật 1/QH-A của " * (n // 17),
    "supports after supports": lambda n: HEAD + "phối hợp với Phòng A và " * (n // 24),
    "table rows numbered alike": lambda n: "| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
                                           + "| 1 | x | Phòng A | Quý I/2025 |\n" * (n // 32),
    "lead lines under one item": lambda n: HEAD + "x\n" + "Chủ trì: Phòng A; Thời hạn: Quý I\n" * (n // 35),
}  # fmt: skip


class _CountingPattern:
    """A compiled pattern that adds the length of every text (or of its pos..endpos window) it is
    handed to `work`."""

    def __init__(self, pattern: re.Pattern[str], work: list[int]) -> None:
        self.pattern, self.work = pattern, work

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.pattern, name)

        def counted(*args: Any) -> Any:
            if name in ("sub", "subn"):
                self.work[0] += len(args[1])
            else:  # search, match, fullmatch, finditer, findall, split: (string, pos, endpos)
                string = args[0]
                end = min(args[2], len(string)) if len(args) > 2 and name != "split" else len(string)
                start = args[1] if len(args) > 1 and name != "split" else 0
                self.work[0] += max(0, end - start)
            return method(*args)

        return counted


@contextmanager
def _counted_patterns(work: list[int]) -> Iterator[None]:
    patched = {name: value for name, value in vars(parsing).items() if isinstance(value, re.Pattern)}
    periodic = list(parsing._PERIODIC)
    try:
        for name, pattern in patched.items():
            setattr(parsing, name, _CountingPattern(pattern, work))
        parsing._PERIODIC[:] = [(_CountingPattern(p, work), kind) for p, kind in periodic]
        yield
    finally:
        for name, pattern in patched.items():
            setattr(parsing, name, pattern)
        parsing._PERIODIC[:] = periodic


def _work(text: str) -> int:
    """Calls made plus characters scanned by regular expressions while parsing `text`."""
    scanned = [0]
    profile = cProfile.Profile()
    with _counted_patterns(scanned):
        profile.enable()
        try:
            parse_plan_text(text)
        finally:
            profile.disable()
    calls = sum(entry[1] for entry in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
    return calls + scanned[0]


@pytest.mark.parametrize("shape", SHAPES)
def test_work_grows_linearly(shape):
    small, large = (_work(SHAPES[shape](size)) for size in (4_000, 16_000))
    # Four times the text: about four times the work (16 times, were it quadratic).
    assert large <= 5 * small, (small, large)


PARSE_STDIN = ("import sys; from backend.plans.parsing import parse_plan_text; "
               "parse_plan_text(sys.stdin.read())")


@pytest.mark.parametrize(("shape", "size"), [("filler words before a percentage", 60_000),
                                             ("percentages in one sentence", 200_000)])
def test_input_that_used_to_hang_the_parser_is_parsed(shape, size):
    """Not a timing but a hang detector, with room to spare on a loaded machine: before the fix
    these took hours (2,000 filler words before a percentage already took seconds, 8,000 minutes);
    now they take seconds."""
    done = subprocess.run([sys.executable, "-c", PARSE_STDIN], input=SHAPES[shape](size),
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
