"""scripts/check_site.py, the link check `make docs` runs over the built site, on small sites written here; and the
mkdocs hook that makes the error page's links relative."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import check_site
import mkdocs_hooks
import pytest

PAGE = '<html><body><h2 id="{id}">A title</h2>{links}</body></html>'


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """A site of pages by path; each page is a list of links, written with an id `top`."""
    for path, links in pages.items():
        page = root / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(id="top", links=links))
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "style.css").write_text("body {}")
    return root


def test_a_site_whose_links_all_resolve_passes(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="guide/">guide</a><a href="guide/#top">its top</a><link href="assets/style.css">'
            '<a href="#top">here</a><a href="https://example.org/x">outside</a><a href="mailto:a@b.c">mail</a>',
            "guide/index.html": '<a href="../">home</a><a href="../index.html#top">home</a>'
            '<img src="../assets/style.css"><a href="../404.html">error page</a>',
            "404.html": '<a href="./guide/">guide</a><script src="./assets/style.css"></script>',
        },
    )
    assert check_site.broken_links(site) == []
    assert check_site.main([str(site)]) == 0


@pytest.mark.parametrize(
    ("links", "problem"),
    [
        ('<a href="/guide/">guide</a>', "root-absolute"),
        ('<link href="/assets/style.css">', "root-absolute"),
        ('<a href="missing/">nowhere</a>', "no such file"),
        ('<img src="assets/missing.png">', "no such file"),
        ('<a href="guide/#nowhere">no anchor</a>', "no id 'nowhere' in guide/index.html"),
        ('<a href="#nowhere">no anchor here</a>', "no id 'nowhere' in index.html"),
        ('<a href="../../etc/">above</a>', "outside the site"),
    ],
)
def test_each_kind_of_broken_link_is_found(tmp_path: Path, links: str, problem: str) -> None:
    site = write_site(tmp_path / "site", {"index.html": links, "guide/index.html": ""})
    problems = check_site.broken_links(site)
    assert len(problems) == 1
    assert problems[0].startswith("index.html:1: ")
    assert problem in problems[0]
    assert check_site.main([str(site)]) == 1


def test_a_folder_without_a_built_site_fails(tmp_path: Path) -> None:
    assert check_site.main([str(tmp_path)]) == 1


def test_the_error_page_links_relative_to_the_site_and_the_others_are_left_alone() -> None:
    config = cast("Any", None)  # the hook does not read the configuration
    error = mkdocs_hooks.on_template_context(cast("Any", {"base_url": "/"}), "404.html", config)
    assert error["base_url"] == "."
    other = mkdocs_hooks.on_template_context(cast("Any", {"base_url": "/"}), "sitemap.xml", config)
    assert other["base_url"] == "/"
