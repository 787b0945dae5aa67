from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The public site: pages, feeds and sitemap over claims' selectors.

    No models: every table is in ``claims``. Its templates keep their
    ``claims/`` names and its stylesheet its ``claims/site.css`` path.
    """

    name = "reader"
    verbose_name = _("Reader site")
