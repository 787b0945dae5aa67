from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims.services.profiles import editor_profile_update

DEMO_USERS = [
    # username, group, e-mail address, language of their mails
    ("editor", "Editors", "editor@example.org", "zh-hans"),
    ("reviewer", "Reviewers", "reviewer@example.org", "en"),
]


class Command(BaseCommand):
    help = (
        "Create the demo editor and reviewer accounts for local development and "
        "print their credentials. Never run this on a public site."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            default="tracker-demo",
            help="Password for both accounts (default: %(default)s).",
        )

    def handle(self, *args, password: str, **options) -> None:
        User = get_user_model()
        for username, group_name, email, language in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            user.is_staff = True
            user.email = email
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            editor_profile_update(user=user, language=language)
            self.stdout.write(
                f"  {group_name[:-1].lower():<9} username: {username:<9} "
                f"password: {password}  e-mail: {email} ({language})"
            )
