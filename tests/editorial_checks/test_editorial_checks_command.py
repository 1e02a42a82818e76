import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("editorial_checks", *args, stdout=out)
    return out.getvalue()


def test_json_lists_each_finding_with_its_article_language_and_paragraph():
    article = make_article(languages=("en", "fr"), title_fr="", body_fr="<p>Bonjour à tous.</p>")
    rows = json.loads(run(str(article.pk), "--format", "json"))
    assert rows == [
        {
            "article": article.pk,
            "language": "fr",
            "kind": "title_empty",
            "severity": "blocking",
            "paragraph": None,
            "message": "This version has no title.",
            "suggestion": "Write a headline for this language.",
        },
        {
            "article": article.pk,
            "language": "fr",
            "kind": "leftover_markup",
            "severity": "blocking",
            "paragraph": 0,
            "message": "Paragraph 1 contains markup, “<p>”; readers would see it as text.",
            "suggestion": "Remove the markup and keep the words (a subheading starts with “## ”).",
        },
    ]
    assert not Finding.objects.exists()  # printing is not storing


def test_text_output_names_article_language_and_paragraph():
    article = make_article(languages=("en",), body_en="Fine.\n\n<b>Bold</b> claim.")
    out = run(str(article.pk))
    assert f"#{article.pk} [en] ¶2" in out and "leftover_markup" in out
    assert "1 finding(s) in 1 article(s)." in out


def test_without_arguments_every_article_is_checked_and_save_stores_them():
    first = make_article(languages=("en",), title_en="")
    second = make_article(languages=("fr",), title_fr="")
    rows = json.loads(run("--format", "json", "--save"))
    assert sorted(r["article"] for r in rows) == [first.pk, second.pk]
    assert Finding.objects.count() == 2


def test_unknown_article_is_an_error():
    with pytest.raises(CommandError, match="No article with id 999"):
        run("999")


def test_save_prints_the_same_rows_as_a_plain_run_and_checks_each_article_once(monkeypatch):
    from articles.editorial_checks import services
    from articles.management.commands import editorial_checks

    first = make_article(languages=("en", "fr"), title_fr="", body_fr="<p>Bonjour à tous.</p>")
    second = make_article(languages=("en",), body_en="Fine.\n\n<b>Bold</b> claim.")
    plain = json.loads(run("--format", "json"))
    calls = []

    def counting(run_checks):
        def wrapper(subject, *args, **kwargs):
            calls.append(subject)
            return run_checks(subject, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(services, "run_checks", counting(services.run_checks))
    monkeypatch.setattr(editorial_checks, "run_checks", counting(editorial_checks.run_checks))

    saved = json.loads(run("--format", "json", "--save"))

    assert saved == plain and {r["article"] for r in saved} == {first.pk, second.pk}
    assert len(calls) == 2  # once per article: the stored findings are the ones printed
    assert Finding.objects.count() == len(saved)
