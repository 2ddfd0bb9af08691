"""Encryption at rest and keyed look-up hashes (casework/personal_data.py): pure."""
from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from ckanext.pekalongan.casework import personal_data as pd

NIK = "3326011203900001"


def test_round_trip_and_no_clear_text_in_the_token():
    box = pd.multifernet(pd.parse_keys(pd.generate_key()))
    token = pd.encrypt(box, NIK)
    assert NIK not in token and token.startswith(pd.TOKEN_PREFIX)
    assert pd.decrypt(box, token) == NIK
    assert pd.encrypt(box, NIK) != token  # randomised: equal values do not show
    assert pd.encrypt(box, None) is None and pd.decrypt(box, None) is None
    text = "Jl. Merdeka \u00e9\u4e2d"
    assert pd.decrypt(box, pd.encrypt(box, text)) == text


def test_first_key_encrypts_every_key_decrypts_and_rotation():
    old, new = pd.generate_key(), pd.generate_key()
    token_old = pd.encrypt(pd.multifernet([old]), NIK)
    both = pd.multifernet(pd.parse_keys(f"{new},{old}"))
    assert pd.decrypt(both, token_old) == NIK
    rotated = pd.rotate(both, token_old)
    assert pd.decrypt(pd.multifernet([new]), rotated) == NIK
    with pytest.raises(pd.InvalidToken):
        pd.decrypt(pd.multifernet([new]), token_old)


def test_keys_are_parsed_strictly():
    a, b = pd.generate_key(), pd.generate_key()
    assert pd.parse_keys(f" {a} , {b} ") == [a, b]
    assert pd.parse_keys(f"{a} {b}") == [a, b]
    assert pd.parse_keys([a, b]) == [a, b]
    for bad in (None, "", " , ", "not-a-key", a + "x"):
        with pytest.raises(pd.KeyError_) as e:
            pd.parse_keys(bad)
        assert "personal_data.keys" in str(e.value)
    with pytest.raises(pd.KeyError_):
        pd.parse_hash_key("short")
    assert pd.parse_hash_key("k" * 32) == b"k" * 32


def test_is_token_tells_tokens_from_clear_text():
    box = pd.multifernet([pd.generate_key()])
    assert pd.is_token(box, pd.encrypt(box, "x"))
    other = pd.encrypt(pd.multifernet([Fernet.generate_key().decode()]), "x")
    assert not pd.is_token(box, other)
    for clear in (None, "", NIK, "gAAAAAnot-a-token"):
        assert not pd.is_token(box, clear)


def test_lookup_hashes_normalise_and_depend_on_the_key():
    key = b"k" * 32
    phone = pd.hash_of(key, "phone", "0812-3456-7890")
    assert phone == pd.hash_of(key, "phone", "+62 812 3456 7890")
    assert pd.normalize_phone("081234567890") == "+6281234567890"
    assert pd.hash_of(key, "nik", "3326.0112.0390.0001") == pd.hash_of(key, "nik", NIK)
    email = pd.hash_of(key, "email", " Budi@Mail.Example ")
    assert email == pd.hash_of(key, "email", "budi@mail.example")
    assert pd.hash_of(key, "nik", NIK) != pd.hash_of(b"j" * 32, "nik", NIK)
    # domain separation: the same digits as NIK and as phone differ
    assert pd.lookup_hash(key, "nik", "1") != pd.lookup_hash(key, "phone", "1")
    assert NIK not in pd.hash_of(key, "nik", NIK)
    assert pd.hash_of(key, "email", None) is None and pd.hash_of(key, "phone", "") is None
    assert pd.normalize_phone("abc") is None
