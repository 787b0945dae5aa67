"""The validators `make test` runs: the W3C Nu HTML checker (a Java jar),
axe-core and the sitemaps.org sitemap schema (``sitemap.xsd``, as the npm
package ``sitemap`` ships it, and the index's over its types,
``siteindex.xsd`` here), installed from the npm registry by `npm ci`
(package.json)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = ROOT / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
# The sitemap index's schema, over sitemap.xsd's types (siteindex.xsd's own
# comment says why it is written here).
SITEINDEX_XSD = Path(__file__).resolve().parent / "siteindex.xsd"


def missing(message: str):
    """Skip the test for want of a tool; under CI=true, fail it instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI requires it.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML checker on the machine's Java."""
    java = shutil.which("java")
    if java is None:
        missing("Java is not installed (apt-get install -y default-jre-headless)")
    if not VNU_JAR.exists():
        missing(f"{VNU_JAR.relative_to(ROOT)} is missing (npm ci)")
    return [java, "-Xss8m", "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def sitemap_schema():
    """The sitemaps.org schema of a sitemap file (``urlset``), for lxml."""
    from lxml import etree

    if not SITEMAP_XSD.exists():
        missing(f"{SITEMAP_XSD.relative_to(ROOT)} is missing (npm ci)")
    return etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))


@pytest.fixture(scope="session")
def siteindex_schema():
    """The sitemaps.org schema of a sitemap index (``sitemapindex``)."""
    from lxml import etree

    if not SITEMAP_XSD.exists():
        missing(f"{SITEMAP_XSD.relative_to(ROOT)} is missing (npm ci)")
    return etree.XMLSchema(etree.parse(str(SITEINDEX_XSD)))
