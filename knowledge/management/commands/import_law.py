from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.importer import LawImportError, law_import
from knowledge.models import Law


class Command(BaseCommand):
    help = (
        "Import a law or regulation from a plain-text file (UTF-8 or GB18030): chapters "
        "第X章, sections 第X节, articles 第X条, each further line a paragraph. Every line "
        "that cannot be placed is reported and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--issuing-body", required=True)
        parser.add_argument(
            "--version-date", required=True, type=date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument("--status", choices=Law.Status.values, default=Law.Status.IN_FORCE)

    def handle(self, *args, path: Path, title, issuing_body, version_date, status, **options):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CommandError(f"{path} is not plain text in UTF-8 or GB18030.")
        try:
            law = law_import(
                text=text,
                title=title,
                issuing_body=issuing_body,
                version_date=version_date,
                status=status,
            )
        except LawImportError as error:
            for problem in error.problems:
                self.stderr.write(f"{path}:{problem.line}: {problem.reason}: {problem.text}")
            raise CommandError(
                f"{len(error.problems)} line(s) could not be parsed; nothing was imported."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{law.title} ({law.version_date}): {law.articles.count()} articles, "
                f"{law.divisions.count()} chapters and sections."
            )
        )
