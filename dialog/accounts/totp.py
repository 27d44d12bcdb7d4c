"""The second factor for officials: a TOTP secret (RFC 6238) and one-time recovery codes.

A code is accepted once: the time step it belongs to is stored, and a code from the same or an
earlier step is refused, so that a code seen over someone's shoulder cannot be used again.
Recovery codes are stored as SHA-256 hashes; each is random enough (50 bits) that a fast hash is
safe, and attempts are rate-limited besides.
"""

import hashlib
import io
import secrets
import time
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    String,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from dialog.accounts.models import User
from dialog.db import Base, rows_changed, upsert_statement, utcnow
from dialog.extensions import db

RECOVERY_CODE_COUNT = 10
#: Crockford's base32 alphabet: no I, L, O or U to misread.
_RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
#: Steps either side of now that are accepted, for clocks that drift.
VALID_WINDOW = 1


class SecondFactor(Base):
    __tablename__ = "second_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    #: Base32; an authenticator app must be able to compute codes, so it cannot be hashed.
    secret: Mapped[str] = mapped_column(String(64))
    #: None until the official has proved, with a code, that the app holds the secret.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The time step of the last code accepted; older or equal steps are refused (replay).
    last_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 of the normalised code, hex.
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def factor_of(user: User) -> SecondFactor | None:
    return db.session.scalar(select(SecondFactor).filter_by(user_id=user.id))


def is_enrolled(user: User) -> bool:
    factor = factor_of(user)
    return factor is not None and factor.confirmed_at is not None


def pending_factor(user: User) -> SecondFactor:
    """The unconfirmed secret shown while enrolling; made once, so reloading shows the same."""
    db.session.execute(
        upsert_statement(SecondFactor)
        .values(user_id=user.id, secret=pyotp.random_base32())
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    return db.session.scalars(
        select(SecondFactor).filter_by(user_id=user.id).execution_options(populate_existing=True)
    ).one()


def provisioning_uri(user: User, factor: SecondFactor) -> str:
    issuer = current_app.config["SECOND_FACTOR_ISSUER"]
    return pyotp.TOTP(factor.secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> bytes:
    """The provisioning link as an SVG QR code, dark on light with a quiet zone."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", scale=5, border=4, dark="#000", light="#fff", xmldecl=False
    )
    return buffer.getvalue()


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, code: str, now: float) -> int | None:
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(factor: SecondFactor, code: str, now: float | None = None) -> bool:
    """True once for a valid code; the step is claimed in one UPDATE, so two racing requests
    with the same code cannot both succeed."""
    step = _matching_step(factor.secret, code, time.time() if now is None else now)
    if step is None:
        return False
    claimed = db.session.execute(
        update(SecondFactor)
        .where(
            SecondFactor.id == factor.id,
            or_(SecondFactor.last_step.is_(None), SecondFactor.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        return False
    db.session.refresh(factor)
    return True


def confirm(factor: SecondFactor, code: str) -> list[str] | None:
    """Finish enrolment with a first code; the new recovery codes, or None if the code is wrong."""
    if not accept_code(factor, code):
        return None
    factor.confirmed_at = utcnow()
    db.session.flush()
    return new_recovery_codes(factor.user_id)


def _hash(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_recovery_codes(user_id: int) -> list[str]:
    """Replace every earlier code with fresh ones; the plain codes are shown once, never stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user_id, code_hash=_hash(raw)))
    db.session.flush()
    return codes


def use_recovery_code(user_id: int, code: str) -> bool:
    """True once per code; marked used in one UPDATE, so it cannot be used twice."""
    if not code or len(code) > 40:
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return rows_changed(used) == 1


def recovery_codes_left(user_id: int) -> int:
    return db.session.execute(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
        )
    ).scalar_one()


def remove(user_id: int) -> None:
    """Forget the secret and the codes (an operator resets a lost phone); enrol again after."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user_id))
    db.session.flush()
