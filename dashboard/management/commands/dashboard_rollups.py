"""Bring the dashboard's figures up to date now (what beat does every minute), or with
--rebuild redo every day from the cases (what beat does at night): after a bulk load or
a restore, or when the figures are in doubt."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from dashboard.rollups import DAY_ROLLUPS, OPEN_ROLLUP, rollups_rebuild, rollups_refresh


class Command(BaseCommand):
    help = _("Bring the dashboard's figures up to date; --rebuild redoes every day.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help=_("Redo every day from the cases.")
        )

    def handle(self, *args, rebuild: bool, **options):
        started = time.perf_counter()
        if rebuild:
            rollups_rebuild()
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # Every row was written anew: set the visibility map (the county's sums
                # are read from the index alone) and the planner's statistics now, not
                # whenever autovacuum comes round.
                tables = [rollup.model._meta.db_table for rollup in (*DAY_ROLLUPS, OPEN_ROLLUP)]
                with connection.cursor() as cursor:
                    cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        else:
            rollups_refresh(unless_since=None)
        self.stdout.write(
            _("Dashboard figures up to date in %(seconds).1f s.")
            % {"seconds": time.perf_counter() - started}
        )
