"""What `manage.py generate_cases` shares with the apps above cases: the SQL that draws
fake but well-formed values by key, and the registry of the records those apps keep of
the generated cases.

The 12351 hotline's calls and visits belong to the hotline app, which sits above cases,
so the command does not import them: the hotline registers its records when it is ready
(`hotline.apps`), as it registers its intake sources (`cases.intake_sources`). Without
the hotline installed the command generates the cases alone.

Every choice is a function of an integer SQL key (a case's id, a series' number), so a
run of the same size writes the same rows.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘莫"
GIVEN_NAMES = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "海燕",
    "国强", "丽娟", "文斌", "晓东", "春梅", "家豪", "嘉欣", "俊杰", "小红", "永强", "美玲",
]  # fmt: skip
MOBILE_PREFIXES = [
    *(f"13{digit}" for digit in range(10)),
    *(f"15{digit}" for digit in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"18{digit}" for digit in range(10)),
]
# Calls, visits and cases spread over the same two years.
SPREAD_DAYS = 730


def sql_array(values) -> str:
    return "ARRAY[" + ",".join(f"'{value}'" for value in values) + "]"


def pick(values, key: str) -> str:
    """SQL for one of `values`, chosen by the integer SQL expression `key`."""
    return f"({sql_array(values)})[1 + ({key}) %% {len(values)}]"


def person_name(key: str) -> str:
    return f"({pick(SURNAMES, key)} || {pick(GIVEN_NAMES, f'({key}) * 13')})"


def mobile(key: str) -> str:
    """An 11-digit mainland mobile number (13x, 15x, 18x) for the integer `key`."""
    return (
        f"({pick(MOBILE_PREFIXES, f'({key}) * 7')} || "
        f"lpad(((({key}) * 2654435761) %% 100000000)::text, 8, '0'))"
    )


def local_day(moment: str) -> str:
    return f"(({moment}) AT TIME ZONE %(tz)s)::date"


@dataclass
class Run:
    """One run of the command, in its transaction: the cursor and the parameters every
    statement may name (`now`, `today`, `tz` the local time zone, `first_case` the id of
    the first new case; the rows before it are kept as they were)."""

    cursor: "CursorWrapper"
    count: int  # the cases generated
    params: dict = field(default_factory=dict)

    def execute(self, sql: str, **params) -> int:
        self.cursor.execute(sql, {**self.params, **params})
        return self.cursor.rowcount

    def next_id(self, table: str) -> int:
        self.cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return self.cursor.fetchone()[0]


class BenchmarkRecords:
    """The records an app keeps of the generated cases. The app registers its subclass
    when it is ready; the command makes one for each run."""

    # Every table it writes, emptied first unless --keep.
    tables: tuple[str, ...] = ()

    def __init__(self, run: Run):
        self.run = run

    def prepare(self) -> None:
        """Before the cases: check the reference data, create the accounts it needs."""

    def fill(self) -> str:
        """Insert its records of the new cases and say what it wrote, for the command's
        last line."""
        raise NotImplementedError


_RECORDS: list[type[BenchmarkRecords]] = []


def benchmark_records_register(records: type[BenchmarkRecords]) -> None:
    if records not in _RECORDS:
        _RECORDS.append(records)


def benchmark_records() -> list[type[BenchmarkRecords]]:
    return list(_RECORDS)
