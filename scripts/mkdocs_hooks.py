"""mkdocs hooks (mkdocs.yml `hooks:`): the error page's links relative, like every other page's.

mkdocs writes 404.html's links root-absolute (`/api/`, `/assets/...`) when `site_url` is not set, so the page
breaks wherever the site is served from a sub-path (`https://host/mlflow-lite/`), and the site has no one
address to set. Relative to the site's top folder instead, the page works opened as `404.html` at any sub-path,
and as the answer a server gives for a missing page at the site's top level (the case a mistyped page name is).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.templates import TemplateContext

ERROR_PAGE = "404.html"


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    if template_name == ERROR_PAGE:
        context["base_url"] = "."
    return context
