"""Hypothesis on the catalogue importer (dialog/catalogue/importer): goal documents uploaded by an
administrator, mutated at random from the seed content, or arbitrary bytes. Every upload is
answered with the importer's report or its problems, never a 5xx; a document with problems
changes nothing, its preview stores only the upload itself, and confirming either imports it
or changes nothing. The command line's `import_documents` is held to the same rule."""

import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from dialog.accounts.roles import Role
from dialog.catalogue.services import SEED_DIRECTORY, import_documents
from dialog.extensions import db
from tests.factories import csrf
from tests.officials import make_official, sign_in_official
from tests.security import payloads
from tests.security.world import Form, forms_on, snapshot

SEED = yaml.safe_load((SEED_DIRECTORY / "lund-kommunfullmaktiges-mal.yaml").read_text())
UPLOAD = "/hantera/lund/innehall/ladda-upp"
CONFIRM = "/hantera/lund/innehall/ladda-upp/bekrafta"

FUZZ = settings(
    max_examples=15,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(payloads.ALL),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

#: Documents that once made parsers or validators spin or overflow.
NASTY = [
    ("bomb.yaml", b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
     + b"".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n".encode()
                for p, c in zip("abcdefgh", "bcdefghi", strict=True))
     + b"municipality: *i\n"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("deep.yaml", b"[" * 50_000 + b"]" * 50_000),
    ("tag.yaml", b"!!python/object/apply:os.system ['true']\n"),
    ("dupes.yaml", b"municipality: {slug: lund}\nmunicipality: {slug: lund}\n"),
    ("bom.json", "\ufeff{}".encode()),
    ("nul.yaml", b"municipality:\x00\n"),
    ("latin1.yaml", "municipality: {name: Lunds kommun, slug: lund} # å".encode("latin-1")),
]  # fmt: skip


def mutate(draw, document):
    """The document with a few nodes replaced, removed, or added at random."""
    for _ in range(draw(st.integers(1, 4))):
        node = document
        path = []
        while isinstance(node, dict | list) and node and draw(st.integers(0, 3)):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.integers(0, 2))
        if action == 0 and isinstance(parent, dict):
            del parent[key]
        elif action == 1 and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(values)
        else:
            parent[key] = draw(values)
    return document


def upload(client, token: str, name: str, raw: bytes):
    boundary, body = encode_multipart(
        {"csrf_token": token, "document": FileStorage(io.BytesIO(raw), name)}
    )
    return client.post(UPLOAD, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def admin(app, seeded, app_context):
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    client = app.test_client()
    sign_in_official(client, "admin@lund.se")
    db.session.remove()
    return client


def send_and_check(app, client, token: str, name: str, raw: bytes) -> None:
    with app.app_context():
        before = snapshot()
    response = upload(client, token, name, raw)
    assert response.status_code in (200, 413), response.status_code
    page = response.get_data(as_text=True)
    confirm = [f for f in forms_on(page, UPLOAD) if f.action == CONFIRM]
    with app.app_context():
        after = snapshot()
    if not confirm:  # problems: nothing at all was stored
        assert after == before, f"{name} was refused but the database changed"
        return
    form: Form = confirm[0]
    response = client.post(CONFIRM, data=dict(form.fields))
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # problems found while applying: nothing imported
        with app.app_context():
            assert snapshot() == after


def test_mutated_and_arbitrary_documents(app, admin):
    token = csrf(admin, UPLOAD)

    @FUZZ
    @given(st.data())
    def send(data):
        if data.draw(st.integers(0, 3)):
            document = mutate(data.draw, json.loads(json.dumps(SEED)))
            if data.draw(st.booleans()):
                name, raw = "mal.json", json.dumps(document).encode()
            else:
                name, raw = "mal.yaml", yaml.safe_dump(document, allow_unicode=True).encode()
        else:
            suffix = data.draw(st.sampled_from([".yaml", ".yml", ".json", ".txt", "", ".YAML"]))
            name = data.draw(st.text(min_size=1, max_size=20)).replace("/", "_") + suffix
            raw = data.draw(
                st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode))
            )
        send_and_check(app, admin, token, name, raw)

    send()


@pytest.mark.parametrize("name,raw", NASTY, ids=[name for name, _ in NASTY])
def test_nasty_documents_are_refused_with_a_message(app, admin, name, raw):
    send_and_check(app, admin, csrf(admin, UPLOAD), name, raw)


def test_the_command_line_import_writes_nothing_when_anything_is_wrong(app, app_context, tmp_path):
    good = Path(SEED_DIRECTORY / "lund-kommunfullmaktiges-mal.yaml")
    for name, raw in NASTY:
        bad = tmp_path / name
        bad.write_bytes(raw)
        before = snapshot()
        report, problems = import_documents([str(good), str(bad)])
        db.session.rollback()
        assert report is None and problems, name
        assert snapshot() == before, name
