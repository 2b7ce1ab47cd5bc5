"""Editing the section tree: add, change, move, delete. Numbers spell the place (III.1.a); a move
renumbers the subtree. Once a plan is issued every change is an amendment that keeps the text."""

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import tally
from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.errors import Conflict, NotFound
from backend.models import Plan, PlanAmendment, PlanSection, PlanStatus
from backend.plans import schemas
from backend.plans.errors import PlanNotEditable
from backend.plans.service import plan_to_write

SECTION_FIELDS = ("number", "label", "title", "text", "kind", "weight")


class SectionNumberTaken(Conflict):
    code = "section_number_taken"


def _key(label: str, siblings: list[PlanSection]) -> str:
    """"IV." → IV, "3." → 3, "đ)" → đ; bullets count among their siblings: "-" → -2."""
    if label in ("-", "+"):
        return f"{label}{sum(1 for s in siblings if s.label == label) + 1}"
    return label.rstrip(".)")


def _children(plan: Plan) -> dict[int | None, list[PlanSection]]:
    tree: dict[int | None, list[PlanSection]] = {}
    for section in sorted(plan.sections, key=lambda s: s.position):
        tree.setdefault(section.parent_id, []).append(section)
    return tree


def _renumber_positions(tree: dict[int | None, list[PlanSection]]) -> None:
    """Document order is a depth-first walk of the tree in sibling order."""
    position = 0

    def walk(parent_id: int | None, depth: int) -> None:
        nonlocal position
        for section in tree.get(parent_id, []):
            section.position, section.depth = position, depth
            position += 1
            walk(section.id, depth + 1)

    walk(None, 0)


def _place(siblings: list[PlanSection], section: PlanSection, after_id: int | None,
           default_last: bool) -> None:
    if after_id is None:
        siblings.insert(len(siblings) if default_last else 0, section)
        return
    index = next((i for i, s in enumerate(siblings) if s.id == after_id), None)
    if index is None:
        raise NotFound(f"No sibling section {after_id} there.")
    siblings.insert(index + 1, section)


def _section(plan: Plan, section_id: int | None) -> PlanSection | None:
    if section_id is None:
        return None
    found = next((s for s in plan.sections if s.id == section_id), None)
    if found is None:
        raise NotFound(f"No section {section_id} in plan {plan.id}.")
    return found


async def _guard(session: AsyncSession, principal: Principal, plan: Plan,
                 change: schemas.SectionChange, before: Mapping[str, object]) -> None:
    if plan.status is PlanStatus.closed:
        raise PlanNotEditable("A closed plan no longer changes.")
    if plan.status is PlanStatus.issued:
        if not change.amendment_reason:
            raise PlanNotEditable("The plan is issued: give `amendment_reason` to amend it.")
        session.add(PlanAmendment(plan_id=plan.id, revision=plan.revision,
                                  reason=change.amendment_reason, amended_by=principal.user_id,
                                  before={"sections": dict(before)}))
        plan.revision += 1


async def add_section(session: AsyncSession, principal: Principal, plan_id: int,
                      data: schemas.SectionCreate) -> PlanSection:
    plan = await plan_to_write(session, principal, plan_id)
    parent = _section(plan, data.parent_id)
    tree = _children(plan)
    siblings = tree.setdefault(parent.id if parent else None, [])
    number = f"{parent.number}." if parent else ""
    number += _key(data.label, siblings)
    if any(s.number == number for s in plan.sections):
        raise SectionNumberTaken(f"The plan already has a section {number}.")
    await _guard(session, principal, plan, data, {number: None})
    section = PlanSection(plan_id=plan.id, parent_id=parent.id if parent else None, number=number,
                          label=data.label, title=data.title, text=data.text or data.title,
                          kind=data.kind, depth=0, position=0)
    plan.sections.append(section)
    await session.flush()
    _place(siblings, section, data.after_id, default_last=True)
    _renumber_positions(tree)
    await record(session, principal, "add_section", "plan", plan.id, org_unit_id=plan.issuer_id,
                 after=snapshot(section, SECTION_FIELDS))
    return section


async def update_section(session: AsyncSession, principal: Principal, plan_id: int,
                         section_id: int, data: schemas.SectionUpdate) -> PlanSection:
    plan = await plan_to_write(session, principal, plan_id)
    section = _section(plan, section_id)
    assert section is not None
    before = snapshot(section, SECTION_FIELDS)
    await _guard(session, principal, plan, data, {section.number: before})
    for name, value in data.model_dump(exclude_unset=True, exclude={"amendment_reason"}).items():
        setattr(section, name, value)
    await record(session, principal, "update_section", "plan", plan.id, org_unit_id=plan.issuer_id,
                 before=before, after=snapshot(section, SECTION_FIELDS))
    return section


async def move_section(session: AsyncSession, principal: Principal, plan_id: int, section_id: int,
                       data: schemas.SectionMove) -> PlanSection:
    plan = await plan_to_write(session, principal, plan_id)
    section = _section(plan, section_id)
    parent = _section(plan, data.parent_id)
    assert section is not None
    if parent is not None and (parent.number + ".").startswith(section.number + "."):
        raise Conflict("A section cannot move under itself.")
    before = snapshot(section, SECTION_FIELDS)
    await _guard(session, principal, plan, data, {section.number: before})
    tree = _children(plan)
    tree[section.parent_id].remove(section)
    siblings = tree.setdefault(parent.id if parent else None, [])
    if section.parent_id != (parent.id if parent else None):
        _renumber_subtree(plan, section, parent, siblings)
        section.parent_id = parent.id if parent else None
    _place(siblings, section, data.after_id, default_last=False)
    _renumber_positions(tree)
    await record(session, principal, "move_section", "plan", plan.id, org_unit_id=plan.issuer_id,
                 before=before, after=snapshot(section, SECTION_FIELDS))
    return section


def _renumber_subtree(plan: Plan, section: PlanSection, parent: PlanSection | None,
                      siblings: list[PlanSection]) -> None:
    old = section.number
    new = (f"{parent.number}." if parent else "") + _key(section.label, siblings)
    if any(s.number == new for s in plan.sections):
        raise SectionNumberTaken(f"The plan already has a section {new}: change its label first.")
    for member in plan.sections:
        if member.number == old or member.number.startswith(old + "."):
            member.number = new + member.number[len(old):]


async def delete_section(session: AsyncSession, principal: Principal, plan_id: int,
                         section_id: int, change: schemas.SectionChange) -> None:
    plan = await plan_to_write(session, principal, plan_id)
    section = _section(plan, section_id)
    assert section is not None
    removed = [s for s in plan.sections
               if s.number == section.number or s.number.startswith(section.number + ".")]
    before = {s.number: snapshot(s, SECTION_FIELDS) for s in removed}
    await _guard(session, principal, plan, change, before)
    for member in removed:
        plan.sections.remove(member)
    await session.flush()
    _renumber_positions(_children(plan))
    await tally.rebuild(session, plan)  # its assignments went with it
    await record(session, principal, "delete_section", "plan", plan.id, org_unit_id=plan.issuer_id,
                 before=before)
