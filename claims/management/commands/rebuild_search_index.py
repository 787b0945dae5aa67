from django.core.management.base import BaseCommand

from claims.services.search_index import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Write every claim's search document again (after a change to what is "
        "searched, claims.models.search.SEARCH_FIELDS, or to how text is "
        "segmented). Searches keep working while it runs."
    )

    def handle(self, *args, **options) -> None:
        count = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} claims."))
