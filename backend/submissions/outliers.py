"""Outlier flags on a report's figures (issue 18 §3): the pure rule, no I/O.

A figure is far from a reference when it is more than FACTOR times it or less than 1/FACTOR of it.
Against the unit's own history the reference is the median of its earlier periods of the same
type, once there are MIN_HISTORY of them; with fewer, the previous period, and only a jump of an
order of magnitude counts. Against its peers (units of the same kind under the same parent, same
period) the reference is their median, once there are MIN_PEERS of them.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from statistics import median

from backend.models import ValueType

FACTOR = 3.0
JUMP = 10.0
MIN_HISTORY = 3
MIN_PEERS = 3


class OutlierKind(StrEnum):
    history = "history"
    peers = "peers"


@dataclass(frozen=True)
class Flag:
    kind: OutlierKind
    value: float
    reference: float


Number = float | Decimal | None


def comparable(value_type: ValueType, value: Number, numerator: Number,
               denominator: Number) -> float | None:
    """The number a figure is compared by: a count, or a ratio's percentage; other kinds of
    figure (a measure in its own unit, yes/no, text) are not flagged."""
    if value_type is ValueType.counted and value is not None:
        return float(value)
    if value_type is ValueType.ratio and numerator is not None and denominator:
        return float(numerator) * 100 / float(denominator)
    return None


def _far(value: float, reference: float, factor: float) -> bool:
    # A zero reference has no scale to be far from: nothing is flagged against it.
    return reference > 0 and (value > reference * factor or value < reference / factor)


def against_history(value: float, earlier: list[float]) -> Flag | None:
    """`earlier`: the unit's figures of its previous periods, oldest first."""
    if len(earlier) >= MIN_HISTORY:
        reference, factor = median(earlier), FACTOR
    elif earlier:
        reference, factor = earlier[-1], JUMP
    else:
        return None
    return Flag(OutlierKind.history, value, reference) if _far(value, reference, factor) else None


def against_peers(value: float, peers: list[float]) -> Flag | None:
    if len(peers) < MIN_PEERS:
        return None
    reference = median(peers)
    return Flag(OutlierKind.peers, value, reference) if _far(value, reference, FACTOR) else None


def flags(value: float, earlier: list[float], peers: list[float]) -> list[Flag]:
    return [flag for flag in (against_history(value, earlier), against_peers(value, peers))
            if flag is not None]
