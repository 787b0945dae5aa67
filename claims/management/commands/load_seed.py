from django.core.management.base import BaseCommand

from claims.seeding import seed_load


class Command(BaseCommand):
    help = (
        "Load the seed articles, speakers and claims. Safe to run again: rows "
        "that already match are left untouched."
    )

    def handle(self, *args, **options) -> None:
        report = seed_load()
        self.stdout.write(self.style.SUCCESS(f"Seed loaded. {report.summary()}"))
