"""No route publishes a headline the importer wrote until an editor confirms it (issue 30, 2).

The importer's headline is the text's first sentence, cut with "…" (once at "EE. UU." →
"EE"); the admin's publish confirmation shows it for correction, and the command refuses
it unless told --confirm-headline. The rule itself is in `services.publish`.
"""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles import history, services, working_copies
from articles.models import Article, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DERIVED = "Los EE…"


def imported(language="es"):
    article = make_article(languages=[language], **{f"title_{language}": DERIVED})
    article.versions.update(title_derived=True)
    return article


def test_the_command_refuses_an_importer_headline_and_names_the_version():
    article = imported()
    with pytest.raises(CommandError) as refused:
        call_command("publish", str(article.pk), "--language", "es", stdout=StringIO())
    message = str(refused.value)
    assert f"{DERIVED} [es]" in message
    assert "--confirm-headline" in message
    assert not Article.objects.published("es").exists()


def test_the_command_publishes_it_when_an_editor_confirms():
    article = imported()
    out = StringIO()
    call_command("publish", str(article.pk), "--language", "es", "--confirm-headline", stdout=out)
    assert "Published" in out.getvalue()
    version = article.versions.get()
    assert version.status == Status.PUBLISHED and not version.title_derived
    actions = [history.parse(v.revision.comment) for v in history.article_history(article)]
    assert {"action": "confirmed_headline", "language": "es"} in actions


def test_the_service_refuses_any_caller_that_does_not_confirm():
    article = imported("fr")
    with pytest.raises(ValidationError):
        services.publish(version=article.versions.get(), user=None)
    assert services.publish(version=article.versions.get(), user=None, confirm_headline=True)


def test_a_headline_an_editor_wrote_needs_no_confirmation():
    article = make_article(languages=["fr"])
    call_command("publish", str(article.pk), "--language", "fr", stdout=StringIO())
    assert article.versions.get().status == Status.PUBLISHED


def test_a_headline_confirmed_on_publishing_stays_confirmed_for_the_working_copy():
    # load_demo publishes with confirm_headline=True; the version's next text (a working
    # copy) must then go live without the headline being refused as unconfirmed.
    article = imported("fr")
    version = services.publish(version=article.versions.get(), user=None, confirm_headline=True)
    assert not version.title_derived
    texts = working_copies.texts_of(version)
    texts["lede"] = "Un chapô corrigé."
    working_copies.save_working_copy(version=version, texts=texts, user=None)
    working_copies.publish_working_copy(version=article.versions.get(), user=None)
    article.refresh_from_db()
    assert article.lede_fr == "Un chapô corrigé."
