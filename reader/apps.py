from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: pages, feeds and sitemap over claims' selectors.

    No models: every table is in ``claims``. Its templates keep their
    ``claims/`` names and its stylesheet its ``claims/site.css`` path.
    """

    name = "reader"
