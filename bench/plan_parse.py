"""Plan parsing on a 100-page plan: `python -m bench.plan_parse`. Goal: ≤ 2 s.

The plan (≈300 KB of text) is made from the tasks and targets of the plan corpus
(tests/plans/corpus) with fresh numbers, dates and percentages, in every shape the parser reads:
numbered targets, tasks with inline lead lines, bodies with their tasks, and an annex table. It is
parsed several times; the result goes to bench/results/plan_parse.json.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backend.plans.parsing import _ROMANS as ROMANS
from backend.plans.parsing import LETTERS, ParsedPlan, parse_plan_text
from bench.common import RESULTS_DIR

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "plans" / "corpus"
GOAL_SECONDS = 2.0
TARGET_BYTES = 300_000
HEADER = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 300/KH-UBND

Bắc Ninh, ngày 06 tháng 01 năm 2026

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở trên địa bàn tỉnh giai đoạn 2026 - 2030

Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;
"""
TAIL = """Trên đây là Kế hoạch thực hiện dân chủ ở cơ sở trên địa bàn tỉnh giai đoạn 2026 - 2030./.

Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Bình
"""
COMPARATORS = ["", "Ít nhất ", "Tối thiểu ", "Phấn đấu ", "Trên ", "Không quá "]


def _material() -> tuple[list[dict[str, Any]], list[str]]:
    """Tasks (words, lead, supports) and target subjects of the corpus, as the parser reads them."""
    tasks: list[dict[str, Any]] = []
    subjects: list[str] = []
    for source in sorted(CORPUS.glob("*.txt")):
        plan = parse_plan_text(source.read_bytes().decode("utf-8"))
        sections = {section.number: section for section in plan.sections}
        for body in plan.bodies:
            for number in body.tasks:
                words = sections[number].text.split("\n", 1)[0].rstrip(" .;")
                tasks.append({"words": words, "lead": body.name,
                              "supports": sections[number].support_names})
        subjects += [target.subject for target in plan.targets]
    return tasks, subjects


def _timing(rng: random.Random) -> str:
    year = rng.randint(2026, 2030)
    return rng.choice([
        f"trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
        f"trong tháng {rng.randint(1, 12)} năm {year}",
        f"Quý {rng.choice(ROMANS[:4])}/{year}",
        "hằng tháng", "hằng quý", "định kỳ 6 tháng, hằng năm", "thường xuyên", f"năm {year}",
    ])


def _targets(rng: random.Random, subjects: list[str], count: int) -> list[str]:
    lines = ["1. Mục tiêu cụ thể", ""]
    for index in range(1, count + 1):
        comparator = rng.choice(COMPARATORS)
        lines += [f"1.{index}. {comparator}{rng.randint(50, 100)}% {rng.choice(subjects)}.", ""]
    return lines


def _inline_tasks(rng: random.Random, tasks: list[dict[str, Any]], groups: int) -> list[str]:
    lines: list[str] = []
    for group in range(1, groups + 1):
        lines += [f"{group}. Nhóm nhiệm vụ số {group}", ""]
        for letter in LETTERS[: rng.randint(8, len(LETTERS))]:
            task = rng.choice(tasks)
            supports = ", ".join(task["supports"]) or "các cơ quan, đơn vị liên quan"
            lines += [f"{letter}) {task['words']} (đợt {rng.randint(1, 9)}).",
                      f"Cơ quan chủ trì: {task['lead']}; Cơ quan phối hợp: {supports}; "
                      f"Thời gian thực hiện: {_timing(rng)}.", ""]
    return lines


def _bodies(rng: random.Random, tasks: list[dict[str, Any]], count: int) -> list[str]:
    lines: list[str] = []
    leads = sorted({task["lead"] for task in tasks})
    for index in range(1, count + 1):
        lines += [f"{index}. {rng.choice(leads)}", ""]
        for _ in range(rng.randint(3, 8)):
            task = rng.choice(tasks)
            lines += [f"- {task['words']}, hoàn thành {_timing(rng)}.", ""]
    return lines


def _annex(rng: random.Random, tasks: list[dict[str, Any]], rows: int) -> list[str]:
    lines = ["PHỤ LỤC", "NHIỆM VỤ CỤ THỂ", "",
             "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm |"]
    for index in range(1, rows + 1):
        if index % 10 == 1:
            roman = ROMANS[(index // 10) % len(ROMANS)]
            title = f"Nhóm nhiệm vụ {roman}"
            lines.append(f"| {roman} | {title} | {title} | {title} | {title} | {title} |")
        task = rng.choice(tasks)
        lines.append(f"| {index} | {task['words']} | {task['lead']} | {', '.join(task['supports'])} "
                     f"| {_timing(rng)} | Báo cáo |")
    return lines


def make_plan(seed: int = 2026, size: int = TARGET_BYTES) -> str:
    """A plan of about `size` bytes: Roman parts of targets, inline tasks and bodies, then an
    annex table, repeated with fresh numbers until the size is reached."""
    rng = random.Random(seed)
    tasks, subjects = _material()
    parts: list[str] = []
    roman = iter(ROMANS)
    while len("\n".join(parts).encode()) < 0.8 * size:
        parts += [f"{next(roman)}. CHỈ TIÊU", "", *_targets(rng, subjects, 40)]
        parts += [f"{next(roman)}. NHIỆM VỤ CỤ THỂ", "", *_inline_tasks(rng, tasks, 12)]
        parts += [f"{next(roman)}. TỔ CHỨC THỰC HIỆN", "", *_bodies(rng, tasks, 30)]
    annex: list[str] = []
    while len("\n".join(parts + annex).encode()) < size:
        annex = _annex(rng, tasks, len(annex) + 50)
    return "\n".join([HEADER, *parts, TAIL, *annex]) + "\n"


def measure(text: str, runs: int) -> tuple[list[float], ParsedPlan]:
    seconds: list[float] = []
    plan = parse_plan_text(text)  # warm-up: regex compilation, the fold table
    for _ in range(runs):
        started = time.perf_counter()
        plan = parse_plan_text(text)
        seconds.append(time.perf_counter() - started)
    return seconds, plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bytes", type=int, default=TARGET_BYTES)
    args = parser.parse_args(argv)
    text = make_plan(size=args.bytes)
    seconds, plan = measure(text, args.runs)
    tasks = sum(len(body.tasks) for body in plan.bodies)
    result = {
        "bytes": len(text.encode()), "lines": text.count("\n"),
        "sections": len(plan.sections), "tasks": tasks, "targets": len(plan.targets),
        "seconds_worst": round(max(seconds), 3), "seconds_median": round(statistics.median(seconds), 3),
        "goal_seconds": GOAL_SECONDS, "met": max(seconds) <= GOAL_SECONDS,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
        "command": "python -m bench.plan_parse " + " ".join(argv if argv is not None else sys.argv[1:]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "plan_parse.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"{result['bytes']:,} bytes, {result['sections']:,} sections, {tasks:,} tasks, "
          f"{result['targets']:,} targets: worst {result['seconds_worst']} s, median "
          f"{result['seconds_median']} s of {args.runs} (goal ≤ {GOAL_SECONDS} s)")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
