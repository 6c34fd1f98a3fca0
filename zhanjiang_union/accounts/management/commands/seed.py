from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhanjiang_union import seeding
from zhanjiang_union.accounts import services
from zhanjiang_union.organisations.services import mediators_demo_load, organisations_demo_load


class Command(BaseCommand):
    help = (
        "Load the reference data of the union's action plan (departments, measures, "
        "task-force roster, districts, dispute categories) and the role groups. "
        "Records that exist are left as they are, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create one demo account for each role and print their logins.",
        )

    def handle(self, *args, demo: bool, **options):
        if demo and settings.PRODUCTION:
            raise CommandError("Demo accounts are never created when PRODUCTION=1.")
        with transaction.atomic():
            if demo:
                # First, so that the apps' reference data (routing rules) can reach them.
                organisations_demo_load()
            created = seeding.reference_data_load()
            accounts = services.demo_accounts_create() if demo else []
            if demo:
                mediators_demo_load()
        summary = ", ".join(f"{name} +{count}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded ({summary})."))
        if accounts:
            self.stdout.write("\nDemo accounts (http://127.0.0.1:8000/accounts/login/):")
            for account in accounts:
                password = account.password if account.created else "(unchanged)"
                self.stdout.write(f"  {account.role:<18} {account.username:<16} {password}")
