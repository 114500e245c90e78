"""Unit tests of ``todo_chatbot.accounts.passwords``: the rules of NIST SP 800-63B, a
length of 8 to 1024 characters and no common password, plus no password that is only
white space or one character repeated."""

from __future__ import annotations

import pytest

from todo_chatbot.accounts.passwords import common_passwords, is_common, read_password


def test_the_list_of_common_passwords_is_the_30000_of_zxcvbn() -> None:
    assert len(common_passwords()) >= 29_000
    assert {"password", "123456", "qwerty", "iloveyou", "dragon"} <= common_passwords()


@pytest.mark.parametrize("password", ["password", "PASSWORD", " Password ", "12345678", "letmein1"])
def test_common_passwords_are_common_whatever_their_case_and_outer_spaces(password: str) -> None:
    assert is_common(password)


@pytest.mark.parametrize("password", ["password", "iloveyou", "sunshine", "football"])
def test_a_common_password_is_refused(password: str) -> None:
    with pytest.raises(ValueError, match="one of the most common passwords"):
        read_password(password)


@pytest.mark.parametrize("password", ["aaaaaaaa", "ZZZZZZZZZZZZ", "€€€€€€€€"])
def test_one_character_repeated_is_refused(password: str) -> None:
    with pytest.raises(ValueError, match="must not be one character repeated"):
        read_password(password)


@pytest.mark.parametrize("password", [" " * 8, "\t" * 9, " \n \t \u00a0  \u2003"])
def test_only_white_space_is_refused(password: str) -> None:
    with pytest.raises(ValueError, match="must not be only spaces"):
        read_password(password)


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "Tr0ub4dor&3x", "x" + "y" * 1023]
)
def test_an_uncommon_password_of_8_to_1024_characters_is_kept_exactly(password: str) -> None:
    assert read_password(password) == password
