from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from knowledge.search import closed_cases_index, reindex_all


class Command(BaseCommand):
    help = "Rebuild the knowledge base's search index (after a restore, or a change to the dictionary)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--closed-cases",
            action="store_true",
            help="Also index every closed case not yet in the index of similar cases "
            "(beat does it 500 at a time; this is for a database loaded in bulk).",
        )

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{reindex_all()} documents indexed."))
        if options["closed_cases"]:
            total = 0
            while done := closed_cases_index():
                total += done
            self.stdout.write(
                self.style.SUCCESS(_("%(count)s closed cases indexed.") % {"count": total})
            )
