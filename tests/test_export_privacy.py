"""Pseudonyms, mention replacement and contact redaction (engage.export.privacy)."""

from __future__ import annotations

import pytest

from engage.export.privacy import Pseudonymizer, PseudonymKeyError, redact_contacts

KEY = b"0123456789abcdef-test"

PHONES = [
    "(312) 555-0142",
    "312-555-0142",
    "312.555.0142",
    "312 555 0142",
    "(312)555-0142",
    "3125550142",
    "1-800-555-0199",
    "+1 312 555 0142",
    "+1-312-555-0142",
    "+1 (312) 555-0142",
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "+44 7700 900123",
    "07700 900123",
    "020 7946 0958",
    "+33 1 42 68 53 00",
    "+49 30 901820",
    "555-0142",
]

NOT_PHONES = [
    "2026-10-03",
    "10/03/2026",
    "2026/10/03",
    "10.03.2026",
    "at 14:05 today",
    "12:30-14:00",
    "case 2026-001234",
    "case #2026-001234",
    "report 26-004512",
    "1234 Main St",
    "the 100-200 block of Elm",
    "zip 60601-1234",
    "60601",
    "call 911 or 311",
    "badge #4521",
    "route 66",
    "3-4 cars",
    "$1,234.56",
    "population 123,456",
    "2026-11-23T14:05:09.123+00:00",
    "https://x.com/a/status/1842795520358400001",
    "tweet 1842795520358400001",
    "v1.2.3",
    "order 20261003",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_redacted(phone: str) -> None:
    assert redact_contacts(f"call me on {phone}, thanks") == "call me on [phone], thanks"


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_times_case_and_street_numbers_are_kept(text: str) -> None:
    assert redact_contacts(text) == text


@pytest.mark.parametrize(
    "email", ["jane.doe77@example.com", "J_D+police@mail.example.co.uk", "a@b.io", "first.last-1@sub-domain.org"]
)
def test_emails_are_redacted(email: str) -> None:
    assert redact_contacts(f"write to {email}.") == "write to [email]."


def test_email_redaction_leaves_mentions_and_at_signs_alone() -> None:
    assert redact_contacts("@RivertonPD meet @ 5pm") == "@RivertonPD meet @ 5pm"


def _pseudo(key: bytes = KEY) -> Pseudonymizer:
    return Pseudonymizer(
        key,
        department_handles=[
            ("x", "RivertonPD"), ("reddit", "RivertonPD_Official"), ("bluesky", "rivertonpd.bsky.social"),
        ],
        department_ids=[("bluesky", "did:plc:dept000000000000000000000")],
        handle_ids={("x", "jane_doe77"): "1100000000000000077"},
    )


def test_pseudonym_is_keyed_hmac_of_platform_and_id() -> None:
    import hashlib
    import hmac

    expected = "p_" + hmac.new(KEY, b"x:1100000000000000077", hashlib.sha256).hexdigest()[:16]
    assert _pseudo().pseudonym("x", "1100000000000000077", "jane_doe77") == expected
    assert _pseudo(b"another-key-0123456789").pseudonym("x", "1100000000000000077", None) != expected
    # Same id on another platform is another person.
    assert _pseudo().pseudonym("reddit", "1100000000000000077", None) != expected


def test_short_key_is_refused() -> None:
    with pytest.raises(PseudonymKeyError):
        Pseudonymizer(b"short")


def test_mentions_become_the_mentioned_authors_pseudonym() -> None:
    pseudo = _pseudo()
    jane = pseudo.pseudonym("x", "1100000000000000077", None)
    out = pseudo.scrub_text("x", "@RivertonPD thanks @Jane_Doe77 and @stranger_1, mail x@y.com")
    assert out == f"@RivertonPD thanks @{jane} and @{pseudo.pseudonym('x', None, 'stranger_1')}, mail [email]"


def test_bluesky_mastodon_and_reddit_mentions() -> None:
    pseudo = _pseudo()
    out = pseudo.scrub_text("bluesky", "hi @rivertonpd.bsky.social and @jane.bsky.social!")
    assert out.startswith("hi @rivertonpd.bsky.social and @p_") and "jane" not in out and out.endswith("!")
    assert "alice" not in pseudo.scrub_text("mastodon", "cc @alice@mastodon.social")
    out = pseudo.scrub_text("reddit", "u/RivertonPD_Official see /u/some_user")
    assert out.startswith("u/RivertonPD_Official see /u/p_") and "some_user" not in out


def test_facebook_tagged_names_become_the_tagged_persons_pseudonym() -> None:
    import json

    pseudo = _pseudo()
    sam = pseudo.pseudonym("facebook", "10121240557426168", None)
    tags = [{"id": "10121240557426168", "name": "Sam Lee", "type": "user", "offset": 9, "length": 7},
            {"id": "5550042", "name": "Bean There Cafe", "type": "page", "offset": 32, "length": 15},
            {"id": "5550043", "name": "Pat Hernandez", "type": "user", "offset": 0, "length": 13}]  # offset is off
    text = "FINALLY. Sam Lee see you both at Bean There Cafe, and Pat Hernandez 555-0142"
    out = pseudo.scrub_text("facebook", text, tags=json.dumps(tags))
    pat = pseudo.pseudonym("facebook", "5550043", None)
    assert out == f"FINALLY. {sam} see you both at Bean There Cafe, and {pat} [phone]"
    assert pseudo.scrub_text("facebook", "Sam Lee hi", tags="not json") == "Sam Lee hi"


def test_author_column() -> None:
    pseudo = _pseudo()
    assert pseudo.author("x", True, "1", "RivertonPD") == "RivertonPD"
    assert pseudo.author("x", False, "1100000000000000077", "jane_doe77").startswith("p_")
    assert pseudo.author("x", False, None, None) is None


def test_ids_embedding_a_public_did_are_hashed_consistently() -> None:
    pseudo = _pseudo()
    public = "bluesky:at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3lb"
    dept = "bluesky:at://did:plc:dept000000000000000000000/app.bsky.feed.post/3lc"
    hashed = pseudo.export_id(public)
    assert hashed is not None and hashed.startswith("bluesky:h_") and "did:" not in hashed
    assert pseudo.export_id(public) == hashed
    assert pseudo.export_id(dept) == dept
    assert pseudo.export_id("x:1842795520358400001") == "x:1842795520358400001"
    assert pseudo.export_id(None) is None
