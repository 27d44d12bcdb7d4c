"""What other areas add to a resident's own pages, to account deletion, and to the dialogue
rules (the reasons moderators give).

Accounts owns My page, the download of my data and account deletion; the areas that store
something about a resident register, once per app, a section of My page, their part of the
data, and how to erase it. Accounts never imports them (arrows point one way).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

from dialog.accounts.models import User

#: A section of My page for the signed-in resident; may read the request (e.g. ?page=).
MyPageSection = Callable[[User], Markup]
#: Named parts of the personal-data download (GDPR art. 15 and 20), e.g. {"comments": [...]}.
PersonalData = Callable[[User], dict[str, Any]]
#: An area's part of account deletion; `withdraw` is the resident's choice to withdraw what
#: they wrote rather than keep it under "former participant".
Eraser = Callable[[User, bool], None]
#: The grounds the published dialogue rules list (the same words moderators use).
RuleReasons = Callable[[], list[str]]


@dataclass
class ResidentHooks:
    my_page: list[MyPageSection] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    erasers: list[Eraser] = field(default_factory=list)
    rule_reasons: list[RuleReasons] = field(default_factory=list)


def hooks(app: Flask | None = None) -> ResidentHooks:
    app = app or current_app
    return app.extensions.setdefault("dialog.resident_hooks", ResidentHooks())


def _add(found: list, hook: Callable) -> None:
    if hook not in found:
        found.append(hook)


def add_my_page_section(app: Flask, section: MyPageSection) -> None:
    _add(hooks(app).my_page, section)


def add_personal_data(app: Flask, part: PersonalData) -> None:
    _add(hooks(app).personal_data, part)


def add_eraser(app: Flask, eraser: Eraser) -> None:
    _add(hooks(app).erasers, eraser)


def add_rule_reasons(app: Flask, reasons: RuleReasons) -> None:
    _add(hooks(app).rule_reasons, reasons)
