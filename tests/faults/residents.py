"""Residents who use a test server over HTTP as a browser without JavaScript would: they sign in
with their password, read the CSRF and one-time tokens from the forms, and send a form again,
unchanged, when the answer was lost or said that nothing was saved.

Every answer is recorded, so that a test can compare what the residents were told with what
the database holds.
"""

import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import requests

from tests.factories import PASSWORD, form_fields

#: Times a resident sends one form (or asks for one page) before giving up.
ATTEMPTS = 6
#: Seconds a request may take before the resident gives up on that answer.
TIMEOUT = 30
#: What no answer may say, whatever its status.
RUDE = ("database is locked", "Traceback", "Internal Server Error")


@dataclass
class Tally:
    """What the residents saw, shared by their threads."""

    statuses: Counter = field(default_factory=Counter)  # ("GET"/"POST", status) → count
    lost: Counter = field(default_factory=Counter)  # method → answers lost (connection)
    rude: list = field(default_factory=list)  # (method, path, status, what) of bad answers
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Set when every resident has finished (or one gave up).
    finished: threading.Event = field(default_factory=threading.Event)

    def saw(self, method: str, path: str, response: requests.Response) -> None:
        with self.lock:
            self.statuses[method, response.status_code] += 1
            text = response.text
            for phrase in RUDE:
                if phrase in text:
                    self.rude.append((method, path, response.status_code, phrase))
            if response.status_code >= 500 and response.status_code != 503:
                self.rude.append((method, path, response.status_code, text[:300]))
            if response.status_code == 429:
                self.rude.append((method, path, 429, "refused by a rate limit"))

    def lost_one(self, method: str) -> None:
        with self.lock:
            self.lost[method] += 1

    def one_done(self) -> int:
        with self.lock:
            self.done += 1
            return self.done

    def wait_until_done(self, actions: int) -> bool:
        """Until `actions` are done (True) or the residents have finished (False); polled."""
        while self.done < actions:
            if self.finished.wait(0.02):
                return False
        return True


#: An answer that never came or broke off: the connection refused or reset, or the body cut
#: short after the headers (a worker killed while the answer was on its way).
LOST = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


class GaveUp(AssertionError):
    """A resident never got an answer that said the form was stored."""


class Resident:
    """One signed-in resident with a browser session of their own."""

    def __init__(self, base_url: str, email: str, tally: Tally):
        self.base_url, self.email, self.tally = base_url, email, tally
        self.http = requests.Session()
        #: What the server said it stored: comment bodies, the last ratings, the last reactions.
        self.comments: list[str] = []
        self.ratings: dict[str, int] = {}
        self.reactions: dict[int, str] = {}
        self._csrf: str | None = None

    def page(self, path: str) -> str:
        """GET a page; a lost answer is asked for again (reloading)."""
        for _attempt in range(ATTEMPTS):
            try:
                response = self.http.get(self.base_url + path, timeout=TIMEOUT)
            except LOST:
                self.tally.lost_one("GET")
                continue
            self.tally.saw("GET", path, response)
            if response.status_code == 200:
                return response.text
        raise GaveUp(f"{self.email}: GET {path} never answered 200")

    def send(self, path: str, data: dict, done: re.Pattern) -> requests.Response:
        """POST a form until the answer is a redirect to `done`; the same form each time."""
        for _attempt in range(ATTEMPTS):
            try:
                response = self.http.post(
                    self.base_url + path, data=data, allow_redirects=False, timeout=TIMEOUT
                )
            except LOST:
                self.tally.lost_one("POST")
                continue
            self.tally.saw("POST", path, response)
            location = response.headers.get("Location", "")
            if response.status_code in (302, 303) and done.search(location):
                return response
            if response.status_code != 503:
                break
        raise GaveUp(f"{self.email}: POST {path} was not stored ({response.status_code})")

    def sign_in(self) -> None:
        fields = form_fields(self.page("/konto/logga-in"))
        data = {"email": self.email, "password": PASSWORD, "csrf_token": fields["csrf_token"]}
        self.send("/konto/logga-in", data, re.compile(r"^/|^http"))

    def comment(self, goal_id: int, body: str) -> None:
        fields = form_fields(self.page(f"/mal/{goal_id}"))
        data = {**fields, "body": body, "category": "", "website": ""}
        self.send(f"/mal/{goal_id}/kommentera", data, re.compile(rf"/mal/{goal_id}#c\d+$"))
        self.comments.append(body)

    def rate(self, goal_id: int, importance: int, performance: int) -> None:
        data = {
            "csrf_token": self.csrf_token(goal_id),
            "importance": str(importance),
            "performance": str(performance),
        }
        self.send(f"/mal/{goal_id}/betyg", data, re.compile(rf"/mal/{goal_id}#ratings$"))
        self.ratings = {"importance": importance, "performance": performance}

    def react(self, goal_id: int, comment_id: int, kind: str) -> None:
        data = {"csrf_token": self.csrf_token(goal_id), "reaction": kind, "next": f"/mal/{goal_id}"}
        path = f"/kommentar/{comment_id}/reaktion"
        self.send(path, data, re.compile(rf"/mal/{goal_id}#c{comment_id}$"))
        self.reactions[comment_id] = kind

    def csrf_token(self, goal_id: int) -> str:
        """The session's CSRF token, read once from the goal page (it stays valid)."""
        if self._csrf is None:
            self._csrf = form_fields(self.page(f"/mal/{goal_id}"))["csrf_token"]
        return self._csrf


def act(resident: Resident, goal_id: int, comment_ids: list[int], actions: int, seed: int):
    """A fixed, shuffled mix of comments, ratings and reactions (about 3:3:4)."""
    chance = random.Random(seed)  # noqa: S311 (not for security)
    kinds = ["comment"] * (actions * 3 // 10) + ["rate"] * (actions * 3 // 10)
    kinds += ["react"] * (actions - len(kinds))
    chance.shuffle(kinds)
    for number, kind in enumerate(kinds):
        if kind == "comment":
            resident.comment(goal_id, f"Synpunkt {seed}-{number}: fler bänkar och bättre ljus.")
        elif kind == "rate":
            resident.rate(goal_id, chance.randint(1, 5), chance.randint(1, 5))
        else:
            choice = chance.choice(["agree", "disagree", "none"])
            resident.react(goal_id, chance.choice(comment_ids), choice)
        resident.tally.one_done()
