"""The invitation mail says, to an official who may never have heard of Dialog, who invites
them, for which municipality and role, what Dialog is, what the role lets them do, and until
when the link works (the date, not a number of days the mail cannot keep up with)."""

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Invitation, Role
from dialog.db import as_utc
from dialog.extensions import db
from tests.factories import make_user
from tests.officials import make_official, municipality, sign_in_official

OFFICIALS = "/hantera/lund/tjanstepersoner"
MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def until(invitation: Invitation, language: str) -> str:
    """The expiry as the mail should write it, in Stockholm's time."""
    local = as_utc(invitation.expires_at).astimezone(ZoneInfo("Europe/Stockholm"))
    month = MONTHS[language].split()[local.month - 1]
    if language == "sv":
        return f"{local.day} {month} {local.year} kl. {local:%H.%M}"
    return f"{local.day} {month} {local.year}, {local:%H:%M}"


def invite(client, email: str, role: str) -> None:
    page = client.get(OFFICIALS).get_data(as_text=True)
    token = page.split('name="invite-csrf_token" type="hidden" value="')[1].split('"')[0]
    data = {"invite-email": email, "invite-role": role, "invite-csrf_token": token}
    assert client.post(OFFICIALS + "/bjud-in", data=data).status_code == 302


@pytest.fixture
def lund_admin(app_context):
    municipality("lund", "Lunds kommun")
    return make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva Admin")


@pytest.mark.parametrize(
    ("language", "role", "lead", "abilities", "link_works"),
    [
        (
            "sv",
            "moderator",
            "Alva Admin bjuder in dig till rollen moderator för Lunds kommun i Dialog. Dialog är "
            "webbplatsen som Lunds kommun använder för sin medborgardialog, där invånarna säger "
            "vad de tycker om kommunens styrdokument och mål.",
            "Som moderator kommer du att kunna granska det invånarna skriver, dölja det som "
            "bryter mot reglerna och hantera de anmälningar som invånarna skickar.",
            "Länken fungerar en gång, fram till {until}.",
        ),
        (
            "en",
            "communicator",
            "Alva Admin invites you to the role communicator for Lunds kommun on Dialog. Dialog "
            "is the website Lunds kommun uses for its citizen dialogue, where residents tell the "
            "municipality what they think of its plans and goals.",
            "As communicator you will be able to read summaries of the dialogue, export what "
            "residents have written and answer them on behalf of the municipality.",
            "The link works once, until {until}.",
        ),
    ],
    ids=["sv", "en"],
)
def test_the_invitation_says_who_invites_what_dialog_is_and_until_when(
    app, client, lund_admin, outbox, language, role, lead, abilities, link_works
):
    if language == "en":  # the invitee has an account in English: the mail follows it
        make_user("new@lund.se", "Nils", language="en")
    sign_in_official(client, "admin@lund.se")
    invite(client, "new@lund.se", role)
    body = outbox.last().get_content()
    invitation = db.session.scalar(select(Invitation))
    assert f"\n\n{lead}\n\n{abilities}\n\n" in body
    assert link_works.format(until=until(invitation, language)) in body
    assert "seven days" not in body and "sju dagar" not in body
    link = outbox.local_link()
    assert app.test_client().get(link).status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_administrator_is_told_what_the_role_lets_them_do(client, lund_admin, outbox, language):
    make_user("new@lund.se", "Nils", language=language)
    sign_in_official(client, "admin@lund.se")
    invite(client, "new@lund.se", "admin")
    expected = {
        "sv": "Som administratör kommer du att kunna redigera kommunens styrdokument och mål, "
        "öppna dem för dialog, ändra kommunens inställningar och bjuda in andra tjänstepersoner.",
        "en": "As administrator you will be able to edit the municipality's plans and goals, "
        "open them for dialogue, change the municipality's settings and invite other officials.",
    }[language]
    assert f"\n\n{expected}\n\n" in outbox.last().get_content()
