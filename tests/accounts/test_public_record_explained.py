"""On the forms where residents write, "public record (allmän handling)" is followed by one
plain sentence on what it means for them, linked to the privacy notice's section on it.
Found by a walk at 390 px: the term alone meant little to a 70-year-old resident."""

from tests.core.test_swedish_terms import data, unmarked_swedish
from tests.factories import sign_in

SV = (
    'Enligt <a href="/integritet#public-records">offentlighetsprincipen</a> får vem som helst'
    " begära att läsa det, och kommunen sparar det även om det dras tillbaka eller döljs."
)
EN = (
    'Under the <a href="/integritet?lang=en#public-records">principle of public access</a>,'
    " anyone may ask to read it, and the municipality keeps it even if it is withdrawn or hidden."
)


def test_the_registration_form_says_what_a_public_record_means(app, client):
    page = client.get("/konto/registrera").get_data(as_text=True)
    assert f"blir en allmän handling. {SV}</p>" in " ".join(page.split())
    english = client.get("/konto/registrera?lang=en").get_data(as_text=True)
    assert EN in english and unmarked_swedish(english) == []


def test_the_comment_and_reply_forms_say_what_a_public_record_means(app, client):
    goal_id, comment_id = data(app)
    sign_in(client)
    for path in (f"/mal/{goal_id}", f"/kommentar/{comment_id}"):
        page = " ".join(client.get(path).get_data(as_text=True).split())
        assert f"Det du skriver blir en allmän handling hos kommunen. {SV} Bara ditt namn" in page
        assert EN in client.get(f"{path}?lang=en").get_data(as_text=True), path


def test_the_privacy_notice_has_the_section_the_forms_link_to(app, client):
    page = client.get("/integritet").get_data(as_text=True)
    assert '<h2 id="public-records">Allmänna handlingar</h2>' in page
    assert "anyone may ask to read them" in client.get("/integritet?lang=en").get_data(as_text=True)
