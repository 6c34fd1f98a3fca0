"""The time-limit rules of performance (their migration loads them too; a flushed test
database has not)."""

from cases.models import DeadlineRule

from .rules import performance_rules_ensure


def reference_data_load() -> dict[str, int]:
    return {"performance_rules": performance_rules_ensure(DeadlineRule)}
