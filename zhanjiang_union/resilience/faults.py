"""What the portal did instead of failing: a log line and a count per kind of fault.

Redis down, a broker that cannot take a message, evidence that could not be stored:
each is met by a fallback (a limit kept in the database, the periodic delivery pass,
a complaint filed without the file). `fault_record` says so in the log and counts it
in `FAULTS`, a per-process counter a metrics endpoint can export."""

import logging
import threading
from collections import Counter

logger = logging.getLogger("zhanjiang_union.faults")

FAULTS: Counter[str] = Counter()
_lock = threading.Lock()


def fault_record(kind: str, detail: str = "") -> None:
    """`kind` is a dotted name (`cache.fallback`, `broker.publish_failed`); `detail`
    names the exception type or the task, never personal data."""
    with _lock:
        FAULTS[kind] += 1
    logger.warning("degraded: %s %s", kind, detail)
