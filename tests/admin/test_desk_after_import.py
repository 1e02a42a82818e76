"""After an import: the desk shows the drafts it made, asks which version is the original
where the files do not say, and the admin home is the newsroom's, with Articles in sight."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.admin.desk import counts_in_words, desk
from articles.importing.originals import clear_original
from articles.models import Article, ImportRun, LanguageVersion, Status
from tests.factories import editor, make_article, translator

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def section(data, key):
    return next((s for s in data["sections"] if s["key"] == key), None)


def test_the_drafts_of_the_latest_import_are_on_the_desk_with_a_link_to_the_run():
    run = ImportRun.objects.create(
        source="bundle", state=ImportRun.State.COMPLETED, counts={"created": 2}
    )
    made = make_article(languages=["fr", "de"])
    made.import_run = run
    made.save()
    make_article(languages=["fr"])  # not from the import
    fresh = section(desk(editor(username="ed"), timezone.now()), "new_from_import")
    assert fresh["title"] == f"New from import #{run.pk}"
    assert [(r["article_id"], r["language"]) for r in fresh["rows"]] == [
        (made.pk, "fr"),
        (made.pk, "de"),
    ]
    assert fresh["more_url"] == reverse("admin:articles_importrun_change", args=[run.pk])
    # A translator sees the new drafts of their languages only.
    mine = section(
        desk(translator(username="tr", languages=("de",)), timezone.now()), "new_from_import"
    )
    assert [r["language"] for r in mine["rows"]] == ["de"]


def test_an_import_run_is_counted_in_words_in_the_editors_language():
    assert counts_in_words({"created": 34, "updated": 0, "skipped": 1}) == "34 new, 1 skipped"
    assert counts_in_words({"created": 1}) == "1 new"


def test_the_import_records_the_original_when_one_version_carries_the_credit(tmp_path):
    for file in sorted(SEEDS.iterdir()):
        shutil.copy(file, tmp_path / file.name)
    call_command("import_seeds", str(tmp_path), verbosity=0)
    credited = Article.objects.get(source_attribution_ind__icontains="Fortune")
    assert credited.source_language == "id"  # the only version with "Cerita ini awalnya …"


@pytest.mark.parametrize(
    ("texts", "languages", "original"),
    [
        ({}, ["fr"], "fr"),  # one version: the only text there is
        ({"body_fr": "Texte.\n\nTraduit de l'anglais par Anne."}, ["en", "fr"], "en"),
        ({"source_attribution_de": "Zuerst erschienen in der Zeit"}, ["en", "de"], "de"),
        ({}, ["en", "de"], ""),  # nothing says: the desk asks
    ],
)
def test_the_original_is_recorded_only_when_the_texts_make_it_clear(texts, languages, original):
    article = make_article(languages=languages, **texts)
    assert clear_original(article, languages) == original


def test_the_desk_asks_which_version_is_the_original_and_one_click_records_it(editor_client):
    article = make_article(languages=["en", "de"], title_de="Die Brücke")
    page = editor_client.get(HOME).content.decode()
    assert "1 story: which version is the original?" in page
    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "source", "language": "de", "next": HOME},
    )
    assert response.status_code == 302 and response.url == HOME
    article.refresh_from_db()
    assert article.source_language == "de"
    assert "which version is the original?" not in editor_client.get(HOME).content.decode()


def test_the_admin_home_is_the_newsrooms_with_articles_in_sight(editor_client):
    page = editor_client.get(HOME).content.decode()
    assert "Django administration" not in page and "Site administration" not in page
    assert "<title>Your desk | Newsroom</title>" in page
    assert f'href="{reverse("admin:articles_article_changelist")}"' in page.split("All models")[0]


def test_a_draft_made_by_an_older_import_is_not_new():
    old = ImportRun.objects.create(source="a", state=ImportRun.State.COMPLETED)
    article = make_article(languages=["fr"])
    article.import_run = old
    article.save()
    ImportRun.objects.create(source="b", state=ImportRun.State.COMPLETED)
    LanguageVersion.objects.filter(article=article).update(status=Status.DRAFT)
    fresh = section(desk(editor(username="ed"), timezone.now()), "new_from_import")
    assert fresh["rows"] == []


def test_the_desk_says_who_review_emails_cannot_reach(editor_client):
    from django.contrib.auth import get_user_model

    translator(username="nomail", email="")
    page = editor_client.get(HOME).content.decode()
    assert "No review e-mail can be sent to nomail: they have no e-mail address." in page
    get_user_model().objects.filter(username="nomail").update(email="n@example.org")
    assert "No review e-mail can be sent" not in editor_client.get(HOME).content.decode()


def test_the_demo_accounts_have_email_addresses(monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("create_demo_accounts", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    emails = dict(get_user_model().objects.values_list("username", "email"))
    assert emails["editor"] and emails["translator"]


def test_manage_py_reads_the_local_env_file_unless_deployed(tmp_path):
    from newsroom import local_env

    path = tmp_path / ".env.local"
    path.write_text("# by make run\nDJANGO_DEBUG=1\nDATABASE_URL=sqlite:///x\n")
    environ = {"DATABASE_URL": "sqlite:///mine"}
    assert local_env.load(path, environ) == ["DJANGO_DEBUG"]
    assert environ == {"DATABASE_URL": "sqlite:///mine", "DJANGO_DEBUG": "1"}
    deployed = {"DJANGO_SECRET_KEY": "s"}
    assert local_env.load(path, deployed) == [] and "DJANGO_DEBUG" not in deployed


@pytest.mark.parametrize("batch", [1, 2000])
def test_the_original_is_decided_on_the_whole_story_whatever_the_batch_size(
    tmp_path, settings, batch
):
    settings.NEWSROOM_IMPORT_BATCH = batch  # 1: the story's files come in two batches
    (tmp_path / "a.txt").write_text(
        "Le port de Kvarnholmen rouvre\n\n"
        "Ingrid Halvorsen, directrice du port de Kvarnholmen, a annoncé 4 372 emplois "
        "et un terminal nommé KV-7 pour 2031.\n\nTraduit de l'anglais par Anne Morel."
    )
    (tmp_path / "b.txt").write_text(
        "Kvarnholmen port reopens\n\n"
        "Ingrid Halvorsen, head of the Kvarnholmen port, announced 4,372 jobs "
        "and a terminal named KV-7 for 2031."
    )
    call_command("import_seeds", str(tmp_path), verbosity=0)
    article = Article.objects.get()
    assert sorted(article.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert article.source_language == "en"  # the French says it is a translation
