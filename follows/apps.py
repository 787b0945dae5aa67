from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    """Readers who follow a claim, a speaker, a topic or a search by e-mail:
    double opt-in, one mail per event and subscriber (or a daily digest),
    one-click unsubscribe, and Atom feeds of the same."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "follows"
    verbose_name = _("Following")
