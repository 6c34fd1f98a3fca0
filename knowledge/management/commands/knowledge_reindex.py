from django.core.management.base import BaseCommand

from knowledge.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the knowledge base's search index (after a restore, or a change to the dictionary)."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{reindex_all()} documents indexed."))
