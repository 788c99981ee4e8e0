"""The web portal: units download their blank, upload, see their findings and justify warnings;
the secretariat follows the board.

A thin Starlette layer over the library (:mod:`reportgen.store`, :mod:`reportgen.intake`,
:mod:`reportgen.blank`): views call library functions and render their typed results with
Jinja2 templates (package data, overridable per review in ``templates/<review>/web/``).
Every form works without JavaScript (POST → 303 → GET). See ``docs/dev/portal.md``.
"""

from reportgen.web.app import ROUTES, Page, create_app
from reportgen.web.settings import JobSettings, Settings

__all__ = ["ROUTES", "JobSettings", "Page", "Settings", "create_app"]
