"""Accounts, passwords, sessions and the login rate limit of the web app.

Passwords are hashed with argon2id (argon2-cffi). A session is a random token: the browser keeps
it in an HttpOnly cookie (signed with the app's secret, so a forged cookie is refused before any
database read), the database keeps only its SHA-256 together with the session's CSRF token.
Failed logins are counted per user name and per client address in a sliding window; while a
name is locked even the right password is refused, so guessing cannot simply continue.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from engage.errors import EngageError
from engage.store import Store
from engage.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

ROLES = ("admin", "approver", "responder", "viewer")
CAN_CHANGE = frozenset({"admin", "approver", "responder"})
CAN_APPROVE = frozenset({"admin", "approver"})  # approve or return answers drafted under the approval policy
SESSION_HOURS = 12
FAIL_WINDOW = timedelta(minutes=15)
MAX_FAILS_PER_NAME = 5
MAX_FAILS_PER_CLIENT = 20
MIN_PASSWORD = 10
SECRET_FILE = "web_session_secret"

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(EngageError):
    """A user-management request that cannot be done; one line for the operator."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def can_change(self) -> bool:
        return self.role in CAN_CHANGE

    @property
    def can_approve(self) -> bool:
        return self.role in CAN_APPROVE


@dataclass(frozen=True)
class Session:
    token: str  # the cookie value before signing; never stored
    user: User
    csrf_token: str


# -- users --------------------------------------------------------------------------------------


def validate_name(name: str) -> str:
    name = name.strip()
    if not (1 <= len(name) <= 64) or not all(c.isalnum() or c in "._-" for c in name):
        raise AuthError(f"user name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
    return name


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create a user; the password is hashed with argon2id and never stored or logged in clear."""
    name = validate_name(name)
    if role not in ROLES:
        raise AuthError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"password too short: at least {MIN_PASSWORD} characters")
    with store.db.atomic():
        if list(store.db.query("SELECT 1 FROM users WHERE name = ?", [name])):
            raise AuthError(f"user {name!r} already exists")
        table = store.db["users"]
        table.insert(
            {"name": name, "role": role, "password_hash": _hasher.hash(password), "created_at": to_db(utcnow())}
        )
        user_id = int(table.last_pk)
    log.info("user added: %s (%s)", name, role)
    return User(user_id, name, role)


def list_users(store: Store) -> list[dict[str, str]]:
    return list(store.db.query("SELECT name, role, created_at FROM users ORDER BY name"))


def remove_user(store: Store, name: str) -> None:
    """Delete a user and end their sessions (their name stays in the audit log, as history)."""
    with store.db.atomic():
        rows = list(store.db.query("SELECT id FROM users WHERE name = ?", [name]))
        if not rows:
            raise AuthError(f"no user {name!r}")
        store.db.execute("DELETE FROM sessions WHERE user_id = ?", [rows[0]["id"]])
        store.db.execute("DELETE FROM users WHERE id = ?", [rows[0]["id"]])
    log.info("user removed: %s", name)


# -- login --------------------------------------------------------------------------------------


def _recent_failures(store: Store, column: str, value: str, now: datetime) -> int:
    sql = {
        "name": "SELECT count(*) FROM login_attempts WHERE name = ? AND ok = 0 AND at >= ?",
        "client": "SELECT count(*) FROM login_attempts WHERE client = ? AND ok = 0 AND at >= ?",
    }[column]
    return int(store.db.execute(sql, [value, to_db(now - FAIL_WINDOW)]).fetchone()[0])


def is_locked(store: Store, name: str, client: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        _recent_failures(store, "name", name, now) >= MAX_FAILS_PER_NAME
        or _recent_failures(store, "client", client, now) >= MAX_FAILS_PER_CLIENT
    )


def authenticate(store: Store, name: str, password: str, client: str, now: datetime | None = None) -> User | None:
    """The user if ``password`` is right and neither the name nor the client is locked out.

    Every attempt is recorded (name, client, outcome) for the rate limit; the password never is.
    """
    now = now or utcnow()
    name = name.strip()[:64]
    if is_locked(store, name, client, now):
        log.warning("login refused (rate limit): name=%r client=%s", name, client)
        return None
    rows = list(store.db.query("SELECT id, name, role, password_hash FROM users WHERE name = ?", [name]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password) and bool(rows)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    with store.db.atomic():
        store.db["login_attempts"].insert({"name": name, "client": client, "at": to_db(now), "ok": int(ok)})
        store.db.execute("DELETE FROM login_attempts WHERE at < ?", [to_db(now - 8 * FAIL_WINDOW)])
        if ok and _hasher.check_needs_rehash(stored):
            store.db["users"].update(rows[0]["id"], {"password_hash": _hasher.hash(password)})
    if not ok:
        log.info("login failed: name=%r client=%s", name, client)
        return None
    row = rows[0]
    return User(row["id"], row["name"], row["role"])


# -- sessions -----------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(store: Store, user: User, now: datetime | None = None) -> Session:
    now = now or utcnow()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.db.atomic():
        store.db.execute("DELETE FROM sessions WHERE expires_at < ?", [to_db(now)])
        store.db["sessions"].insert(
            {"token_hash": _digest(token), "user_id": user.id, "csrf_token": csrf, "created_at": to_db(now),
             "expires_at": to_db(now + timedelta(hours=SESSION_HOURS))}
        )
    return Session(token, user, csrf)


def load_session(store: Store, token: str, now: datetime | None = None) -> Session | None:
    now = now or utcnow()
    rows = list(
        store.db.query(
            "SELECT u.id, u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = ? AND s.expires_at > ?",
            [_digest(token), to_db(now)],
        )
    )
    if not rows:
        return None
    row = rows[0]
    return Session(token, User(row["id"], row["name"], row["role"]), row["csrf_token"])


def end_session(store: Store, token: str) -> None:
    with store.db.atomic():
        store.db.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])


# -- the signing secret -------------------------------------------------------------------------


def session_secret(env_name: str, data_dir: Path) -> str:
    """The cookie-signing secret: from ``env_name`` if set, else a random one kept in the data dir (0600).

    The value is never logged; only where it came from is.
    """
    from_env = os.environ.get(env_name)
    if from_env:
        log.info("session secret: from environment variable %s", env_name)
        return from_env
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value)
    log.info("session secret: %s unset, generated one in %s (mode 0600)", env_name, path)
    return value
