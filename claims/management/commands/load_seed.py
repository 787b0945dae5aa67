from django.core.management.base import BaseCommand, CommandError

from claims.services.seeding import SeedError, seed_load


class Command(BaseCommand):
    help = (
        "Load the seed articles, speakers and claims. Safe to run again: rows "
        "that already match are left untouched."
    )

    def handle(self, *args, **options) -> None:
        try:
            report = seed_load()
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Seed loaded. {report.summary()}"))
