"""From pasted plan text to a preview, and on request to a saved draft plan.

The parser (parsing.py) reads the words; this module resolves them against QCDC: body names to the
issuer's units, group bodies to rules, targets to catalogue indicators, legal bases to known plans.
"""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository as carriers
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.kit import clock
from backend.kit.text import fold
from backend.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    OrgUnit,
    Plan,
    PlanLegalBasis,
    PlanSection,
    SectionKind,
)
from backend.models import Target as TargetRow
from backend.org_units.schemas import OrgUnitRef
from backend.plans import repository, schemas
from backend.plans.errors import InvalidMapping, InvalidPlanText
from backend.plans.groups import GroupRule, group_rule
from backend.plans.matching import UnitCandidate, match_unit
from backend.plans.parsing import LegalBasis as ParsedBasis
from backend.plans.parsing import ParsedPlan, PlanTextError, parse_plan_text
from backend.plans.span import check_span
from backend.plans.targets import indicator_for

_LEVEL_PREFIX = re.compile(r"^(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+", re.I)
_SYMBOL = re.compile(r"^(\d+)/([A-ZĐ]+)-([A-ZĐ]+)$")


@dataclass
class DraftAssignment:
    section_number: str
    name: str
    unit: OrgUnit | None
    rule: GroupRule | None
    role: AssignmentRole
    mode: AssignmentMode
    recurrence: str
    years: tuple[int, int] | None
    due: date | None  # the task's deadline ("Quý I/2026"): its first occurrence falls due then


def _parse(text: str) -> ParsedPlan:
    try:
        return parse_plan_text(text)
    except PlanTextError as exc:
        raise InvalidPlanText(f"The plan text cannot be read: {exc}.", errors=[
            {"loc": ["body", "text"], "msg": str(exc), "type": "value_error"}]) from exc


class _Resolver:
    """Names as the plan writes them → units of the issuer's subtree, or the user's mapping."""

    def __init__(self, issuer: OrgUnit, units: list[OrgUnit], mapping: dict[str, int]) -> None:
        self.by_id = {unit.id: unit for unit in units}
        self.candidates = [UnitCandidate(id=u.id, name=u.name, kind=u.kind.value) for u in units]
        self.places = [_LEVEL_PREFIX.sub("", issuer.name)]
        self.mapping = {fold(name): unit_id for name, unit_id in mapping.items()}
        unknown = [name for name, unit_id in mapping.items() if unit_id not in self.by_id]
        if unknown:
            raise InvalidMapping("Mapped units must belong to the issuer's subtree.", errors=[
                {"loc": ["body", "mapping", name], "msg": "unknown unit or outside the issuer",
                 "type": "value_error"} for name in unknown])
        self.unmatched: list[str] = []

    def unit(self, name: str) -> OrgUnit | None:
        mapped = self.mapping.get(fold(name))
        if mapped is not None:
            return self.by_id[mapped]
        found = match_unit(name, self.candidates, self.places)
        if found is None and name not in self.unmatched:
            self.unmatched.append(name)
        return self.by_id[found.id] if found else None


def _drafts(parsed: ParsedPlan, resolver: _Resolver) -> list[DraftAssignment]:
    sections = {section.number: section for section in parsed.sections}
    drafts: list[DraftAssignment] = []
    for body in parsed.bodies:
        rule = group_rule(body.group_kinds or [body.name]) if body.is_group else None
        unit = None if rule else resolver.unit(body.name)
        for number in body.tasks:
            task = sections[number]
            # "định kỳ 6 tháng, hằng năm": a report every half year and one every year, each an
            # assignment with its own occurrences.
            for cycle in task.recurrences or (task.recurrence,):
                drafts.append(DraftAssignment(number, body.name, unit, rule, AssignmentRole.lead,
                                              AssignmentMode(body.mode), cycle,
                                              task.recurrence_years, task.due))
                drafts.extend(DraftAssignment(number, name, resolver.unit(name), None,
                                              AssignmentRole.support, AssignmentMode(body.mode),
                                              cycle, task.recurrence_years, task.due)
                              for name in task.support_names)
    return drafts


def _span(parsed: ParsedPlan, data: schemas.PlanImport) -> tuple[date, date]:
    """The span asked for, else the one the text gives (its year, from the day it is issued)."""
    year = parsed.year or (parsed.issue_date.year if parsed.issue_date else clock.today().year)
    start = data.span_start or parsed.issue_date or date(year, 1, 1)
    end = data.span_end or date(max(year, start.year), 12, 31)
    check_span(start, end, ["body"])
    return start, end


async def _group_view(session: AsyncSession, issuer: OrgUnit, draft: DraftAssignment,
                      counted: dict[str, int]) -> schemas.GroupAssignee | None:
    """The group a draft assigns to; `counted` keeps each rule's member count (a body's eleven
    tasks share one rule)."""
    if draft.rule is None:
        return None
    key = repr(draft.rule)
    if key not in counted:
        counted[key] = await carriers.count_group_members(session, issuer.id, draft.rule,
                                                            clock.today())
    return schemas.GroupAssignee(
        label=draft.name, kinds=draft.rule["kinds"], grassroots_types=draft.rule["grassroots_types"],
        units_now=counted[key])


async def import_plan(session: AsyncSession, principal: Principal, issuer: OrgUnit,
                      data: schemas.PlanImport) -> schemas.PlanImportResult:
    parsed = _parse(data.text)
    span_start, span_end = _span(parsed, data)  # checked for a preview too
    resolver = _Resolver(issuer, await repository.subtree(session, issuer.id, clock.today()),
                         data.mapping)
    drafts = _drafts(parsed, resolver)
    titles = {section.number: section.title for section in parsed.sections}
    header = schemas.PlanHeader(number=parsed.number, type_code=parsed.type_code or "KH",
                                issuer_code=parsed.issuer_code, place=parsed.place,
                                issue_date=parsed.issue_date,
                                title=parsed.title or "Kế hoạch (chưa đọc được tên)")
    bases = [await _legal_basis(session, principal, basis) for basis in parsed.legal_bases]
    targets = [schemas.Target(section_number=t.section_number, indicator_code=indicator_for(t.subject),
                              comparator=t.comparator, value=t.value, unit=t.unit, subject=t.subject,
                              recurrence=t.recurrence) for t in parsed.targets]
    plan_id = None
    if not data.dry_run:
        plan = await _save(session, principal, issuer, parsed, data, header, bases, targets, drafts,
                           (span_start, span_end))
        plan_id = plan.id
    warnings = list(parsed.warnings)
    counted: dict[str, int] = {}
    if resolver.unmatched:
        warnings.append(f"{len(resolver.unmatched)} body name(s) matched no unit: map them to units.")
    return schemas.PlanImportResult(
        plan_id=plan_id, header=header, year=parsed.year, legal_bases=bases,
        sections=[schemas.Section(number=s.number, label=s.label, title=s.title, text=s.text,
                                  kind=SectionKind(s.kind), depth=s.depth,
                                  parent_number=s.parent_number, recurrence=s.recurrence)
                  for s in parsed.sections],
        targets=targets,
        assignments=[schemas.AssignmentSummary(
            section_number=d.section_number, section_title=titles.get(d.section_number, ""),
            assignee=OrgUnitRef.model_validate(d.unit) if d.unit else None, assignee_name=d.name,
            group=await _group_view(session, issuer, d, counted), role=d.role, mode=d.mode,
            recurrence=d.recurrence, every_years=d.years[0] if d.years else None,
            every_years_max=d.years[1] if d.years else None) for d in drafts],
        unmatched=resolver.unmatched, warnings=warnings)


async def _legal_basis(session: AsyncSession, principal: Principal,
                       basis: ParsedBasis) -> schemas.LegalBasis:
    """A basis that is a plan QCDC holds ("Kế hoạch số 53/KH-UBND") links to it."""
    linked = None
    symbol = _SYMBOL.match(basis.number or "")
    if symbol:
        plan = await repository.find_by_symbol(session, principal, symbol[1], symbol[2], symbol[3],
                                               basis.date)
        linked = plan.id if plan else None
    return schemas.LegalBasis(kind=basis.kind, number=basis.number, issued_on=basis.date,
                              issuer=basis.issuer, sentence=basis.sentence, linked_plan_id=linked)


async def _save(session: AsyncSession, principal: Principal, issuer: OrgUnit, parsed: ParsedPlan,
                data: schemas.PlanImport, header: schemas.PlanHeader,
                bases: list[schemas.LegalBasis], targets: list[schemas.Target],
                drafts: list[DraftAssignment], span: tuple[date, date]) -> Plan:
    span_start, span_end = span
    plan = Plan(issuer_id=issuer.id, parent_plan_id=data.parent_plan_id, number=header.number,
                type_code=header.type_code, issuer_code=header.issuer_code, place=header.place,
                issue_date=header.issue_date, title=header.title, title_folded=fold(header.title),
                span_start=span_start, span_end=span_end, closing=parsed.closing,
                signer_title=parsed.signer_title, signer_name=parsed.signer_name,
                source_text=data.text, revision=1,
                legal_bases=[PlanLegalBasis(position=i, kind=b.kind, number=b.number,
                                            issued_on=b.issued_on, issuer=b.issuer,
                                            sentence=b.sentence, linked_plan_id=b.linked_plan_id)
                             for i, b in enumerate(bases)])
    session.add(plan)
    await session.flush()
    sections = await _save_sections(session, plan, parsed)
    session.add_all(TargetRow(plan_id=plan.id, section_id=sections[t.section_number].id,
                              indicator_code=t.indicator_code, comparator=t.comparator,
                              value=t.value, unit=t.unit, subject=t.subject,
                              recurrence=t.recurrence) for t in targets)
    session.add_all(Assignment(
        plan_id=plan.id, section_id=sections[d.section_number].id,
        assignee_id=d.unit.id if d.unit else None, assignee_name=d.name,
        group_rule=dict(d.rule) if d.rule else None, role=d.role, mode=d.mode,
        recurrence=d.recurrence, every_years=d.years[0] if d.years else None,
        every_years_max=d.years[1] if d.years else None, first_due=d.due) for d in drafts)
    await session.flush()
    await record(session, principal, "import", "plan", plan.id, org_unit_id=issuer.id, after={
        "symbol": plan.symbol, "title": plan.title, "sections": len(sections),
        "assignments": len(drafts), "targets": len(targets)})
    return plan


async def _save_sections(session: AsyncSession, plan: Plan,
                         parsed: ParsedPlan) -> dict[str, PlanSection]:
    saved: dict[str, PlanSection] = {}
    for position, section in enumerate(parsed.sections):
        parent = saved.get(section.parent_number) if section.parent_number else None
        row = PlanSection(plan_id=plan.id, parent_id=parent.id if parent else None,
                          number=section.number, label=section.label, title=section.title,
                          text=section.text, kind=SectionKind(section.kind), depth=section.depth,
                          position=position)
        session.add(row)
        await session.flush()
        saved[section.number] = row
    return saved
