"""The machine-translation settings fail fast with the variable's name."""

import pytest

from tests.test_settings import django_setting


@pytest.mark.parametrize(
    ("variable", "value"),
    [("NEWSROOM_MT_DISCLOSURE", "sometimes"), ("NEWSROOM_MT_TIMEOUT", "0")],
)
def test_malformed_machine_translation_settings_stop_start_up(variable, value):
    result = django_setting("settings.DEBUG", DJANGO_SECRET_KEY="s", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr


def test_the_disclosure_label_is_on_unless_turned_off():
    result = django_setting("settings.NEWSROOM_MT_DISCLOSURE", DJANGO_SECRET_KEY="s")
    assert result.stdout.strip() == "label", result.stderr
