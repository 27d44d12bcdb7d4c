"""Account mail asks for itself whether the site hosts several municipalities
(templates/mail/_account.txt): a sender gives only the mail's own values, and a mail rendered
anywhere, a job's or a request's, says the same."""

import pytest

from dialog.core.mail import render_mail
from tests.factories import make_user
from tests.officials import municipality

ACCOUNT_MAILS = ["verify", "already_registered", "reset_password", "change_email", "email_changed"]


@pytest.mark.parametrize("template", ACCOUNT_MAILS)
def test_an_account_mail_speaks_of_the_other_municipalities_without_being_told(
    app, app_context, template
):
    lund = municipality("lund", "Lunds kommun")
    user = make_user(language="en")
    _subject, body, _sender = render_mail(
        template, "en", municipality=lund, user=user, link="https://dialog.example/x"
    )
    assert "The account is on Dialog, the website Lunds kommun uses" in body
    assert "The same account works in the dialogues of" not in body  # Lund alone
    municipality("lomma", "Lomma kommun")
    _subject, body, _sender = render_mail(
        template, "en", municipality=lund, user=user, link="https://dialog.example/x"
    )
    assert (
        "The account is on Dialog, the website Lunds kommun uses for its citizen dialogue. The "
        "same account works in the dialogues of the other municipalities on Dialog.\n"
    ) in body
