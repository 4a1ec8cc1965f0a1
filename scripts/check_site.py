"""A link check over the built documentation site (`make docs` runs it on site/ after `mkdocs build --strict`).

    .venv/bin/python scripts/check_site.py site

Every `href` and `src` of every HTML page that points inside the site must be relative (no `/...`: the site may
be served from a sub-path) and name a file the build wrote (a folder means its index.html), and its `#anchor`
an id of that page. mkdocs --strict checks the links written in the markdown; this checks what the theme and
the plugins wrote around them too (the navigation, the error page, the API reference's cross-references).
Links with a scheme (`https:`, `mailto:`) point outside the site and are left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


class Page(HTMLParser):
    """One page's ids (anchors) and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append((self.getpos()[0], value))


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def target_of(site: Path, page: Path, path: str) -> Path:
    """The file a relative link's path names: a folder (or an empty path, the page's own folder) is its index."""
    if not path:
        return page  # `#anchor` alone
    target = (page.parent / unquote(path)).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def broken_links(site: Path) -> list[str]:
    """Every link of the site that is root-absolute, names no file of the site, or an anchor of no id there."""
    site = site.resolve()
    pages = {path: read(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        where = path.relative_to(site)
        for line, link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # outside the site (a scheme, or `//host/...`)
            if parts.path.startswith("/"):
                problems.append(f"{where}:{line}: {link}: root-absolute (breaks when served from a sub-path)")
                continue
            target = target_of(site, path, parts.path)
            if not target.is_relative_to(site):
                problems.append(f"{where}:{line}: {link}: outside the site")
            elif not target.is_file():
                problems.append(f"{where}:{line}: {link}: no such file in the site")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}:{line}: {link}: no id {parts.fragment!r} in {target.relative_to(site)}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("site", type=Path, help="the built site's folder")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html (build the site first: make docs)", file=sys.stderr)
        return 1
    problems = broken_links(args.site)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"{pages} pages checked: {len(problems)} broken links", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
