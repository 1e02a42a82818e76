"""Machine-translation drafts through the services and the command, against fake engines."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from articles import history
from articles.admin.activity import describe
from articles.machine_translation import DeepLEngine, LibreTranslateEngine
from articles.models import Article, Finding, MachineTranslation, Status
from articles.translation_drafts import machine_translation_draft
from tests.factories import make_article
from tests.translation_workflow.fakes import FakeDeepL, FakeLibreTranslate

pytestmark = pytest.mark.django_db

BODY_DE = "Der Umsatz stieg um 37 Prozent.\n\n## Ausblick\n\nDie Firma plant 120 neue Stellen."


def story():
    article = make_article(
        languages=("de", "en", "es"),
        title_de="Umsatz steigt",
        body_de=BODY_DE,
        body_en="Revenue rose by 37 percent.\n\n## Outlook\n\nThe company plans 120 new jobs.",
        body_es="Las ventas subieron un 37 por ciento.\n\n## Perspectivas\n\n"
        "La empresa prevé 120 empleos nuevos.",
        key_points_de="Umsatz plus 37 Prozent\n120 neue Stellen",
    )
    article.source_language = "de"
    article.save()
    return article


@pytest.fixture
def deepl(settings):
    with FakeDeepL() as server:
        settings.NEWSROOM_DEEPL_AUTH_KEY = FakeDeepL.KEY
        settings.NEWSROOM_DEEPL_SERVER_URL = server.url
        settings.NEWSROOM_MT_URL = ""
        yield server


@pytest.fixture
def libre(settings):
    with FakeLibreTranslate(api_key="libre-key") as server:
        settings.NEWSROOM_DEEPL_AUTH_KEY = ""
        settings.NEWSROOM_MT_URL = server.url
        settings.NEWSROOM_MT_API_KEY = "libre-key"
        yield server


def test_deepl_fills_a_missing_language_paragraph_by_paragraph_as_a_draft(deepl, editor_user):
    article = story()

    version = machine_translation_draft(article=article, language="fr", user=editor_user)

    article.refresh_from_db()
    assert version.status == Status.DRAFT
    assert article.text("title", "fr") == "[fr] Umsatz steigt"
    # One passage per paragraph; a subheading stays a subheading.
    assert article.text("body", "fr").split("\n\n") == [
        "[fr] Der Umsatz stieg um 37 Prozent.",
        "## [fr] Ausblick",
        "[fr] Die Firma plant 120 neue Stellen.",
    ]
    assert article.text("key_points", "fr") == "[fr] Umsatz plus 37 Prozent\n[fr] 120 neue Stellen"
    sent = deepl.requests[0]
    assert sent["path"] == "/v2/translate"
    record = MachineTranslation.objects.get(article=article, language="fr")
    assert (record.engine, record.source_language, record.requested_by) == (
        "DeepL",
        "de",
        editor_user,
    )
    latest = history.article_history(article).first()
    with translation.override("en"):  # a structured entry, said in the reader's language
        said = describe(latest.revision.comment)
    assert said == "Machine-translated the French text from German (DeepL)"
    assert latest.revision.user == editor_user


def test_deepl_is_asked_for_british_english_not_the_refused_bare_en(deepl, editor_user):
    article = make_article(languages=("fr",), body_fr="Bonjour.")
    machine_translation_draft(article=article, language="en", user=editor_user)
    assert b'"target_lang": "EN-GB"' in deepl.requests[0]["body"]


def test_a_figure_the_engine_changed_becomes_a_finding(deepl, editor_user):
    deepl.translate = lambda text, source, target: text.replace("37", "73")
    article = story()

    version = machine_translation_draft(article=article, language="fr", user=editor_user)

    kinds = set(Finding.objects.filter(version=version).values_list("kind", flat=True))
    assert "figure_mismatch" in kinds


def test_libretranslate_sends_the_key_and_translates_from_the_chosen_language(libre, editor_user):
    article = story()

    machine_translation_draft(
        article=article, language="fr", user=editor_user, source_language="en"
    )

    article.refresh_from_db()
    assert article.text("title", "fr").startswith("[fr] ")
    assert "Revenue rose" in article.text("body", "fr")
    assert MachineTranslation.objects.get(language="fr").engine == "LibreTranslate"


@pytest.mark.parametrize("engine_fixture", ["deepl", "libre"])
def test_an_engine_error_changes_nothing_and_says_why(engine_fixture, request, editor_user):
    server = request.getfixturevalue(engine_fixture)
    server.status = 503
    article = story()

    with pytest.raises(ValidationError) as error:
        machine_translation_draft(article=article, language="fr", user=editor_user)

    assert "Nothing was changed" in error.value.messages[0]
    assert not article.versions.filter(language="fr").exists()
    assert not MachineTranslation.objects.exists()


def test_a_server_that_does_not_answer_in_time_changes_nothing(libre, settings, editor_user):
    settings.NEWSROOM_MT_TIMEOUT = 1
    libre.hang = True
    article = story()

    with pytest.raises(ValidationError) as error:
        machine_translation_draft(article=article, language="fr", user=editor_user)

    assert "did not answer within 1 seconds" in error.value.messages[0]
    assert not Article.objects.get(pk=article.pk).text("body", "fr")


def test_a_refused_deepl_key_is_named(deepl, settings, editor_user):
    settings.NEWSROOM_DEEPL_AUTH_KEY = "wrong"
    with pytest.raises(ValidationError, match="NEWSROOM_DEEPL_AUTH_KEY"):
        machine_translation_draft(article=story(), language="fr", user=editor_user)


def test_without_an_engine_the_message_says_how_to_configure_one(settings, editor_user):
    settings.NEWSROOM_DEEPL_AUTH_KEY = settings.NEWSROOM_MT_URL = ""
    with pytest.raises(ValidationError, match="NEWSROOM_MT_URL"):
        machine_translation_draft(article=story(), language="fr", user=editor_user)


def test_a_published_version_is_never_overwritten_by_a_machine(deepl, editor_user):
    article = make_article(languages=("de", "fr"), status=Status.PUBLISHED)
    article.source_language = "de"
    article.save()

    with pytest.raises(ValidationError, match="readers see"):
        machine_translation_draft(article=article, language="fr", user=editor_user)
    assert not deepl.requests


def test_an_outdated_draft_is_replaced_by_a_new_machine_draft(deepl, editor_user):
    article = story()
    first = machine_translation_draft(article=article, language="fr", user=editor_user)
    article.body_de = BODY_DE + "\n\nEin neuer Absatz."
    article.save()
    first.source_changed = True  # as the source's edit flags it
    first.save()

    version = machine_translation_draft(article=article, language="fr", user=editor_user)

    assert version.status == Status.DRAFT and not version.source_changed
    assert "[fr] Ein neuer Absatz." in Article.objects.get(pk=article.pk).text("body", "fr")


def test_command_translates_and_reports(deepl):
    article = story()
    out = StringIO()

    call_command("machine_translate", str(article.pk), "--language", "fr", stdout=out)

    assert "fr" in out.getvalue() and "DeepL" in out.getvalue()
    assert Article.objects.get(pk=article.pk).text("title", "fr") == "[fr] Umsatz steigt"
    assert MachineTranslation.objects.get().requested_by is None


def test_command_turns_an_engine_error_into_a_command_error(deepl):
    deepl.status = 500
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("machine_translate", str(story().pk), "--language", "fr", "--from", "en")


def test_engines_return_passages_one_for_one():
    with FakeLibreTranslate() as server:
        engine = LibreTranslateEngine(url=server.url)
        assert engine.translate(["a", "b"], source="de", target="fr") == ["[fr] a", "[fr] b"]
    with FakeDeepL() as server:
        engine = DeepLEngine(auth_key=FakeDeepL.KEY, server_url=server.url)
        assert engine.translate(["a", "b"], source="de", target="fr") == ["[fr] a", "[fr] b"]


def test_a_long_story_goes_in_batches_deepl_accepts(deepl, editor_user):
    paragraphs = [f"Absatz {n}." for n in range(1, 61)]
    article = make_article(languages=("de",), body_de="\n\n".join(paragraphs))

    machine_translation_draft(article=article, language="fr", user=editor_user)

    assert len(deepl.requests) == 2  # 62 passages: the title, the lede, 60 paragraphs
    body = Article.objects.get(pk=article.pk).text("body", "fr").split("\n\n")
    assert body[0] == "[fr] Absatz 1." and body[-1] == "[fr] Absatz 60."
