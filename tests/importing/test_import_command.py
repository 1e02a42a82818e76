"""`manage.py import_seeds`: what lands in the database, the report, the exit status."""

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.signals import post_save
from django.utils import timezone

from articles import services
from articles.importing import persisting, pipeline, planning
from articles.importing.parsing import parse_document
from articles.models import (
    Article,
    Finding,
    ImportRun,
    LanguageVersion,
    SourceDocument,
    Status,
    content_checksum,
    localized,
)
from tests.importing.conftest import MALAY_STORY, SEED, document, run_import, seed_text

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict:
    return {
        "runs": ImportRun.objects.count(),
        "articles": Article.objects.count(),
        "versions": LanguageVersion.objects.count(),
        "documents": SourceDocument.objects.count(),
    }


def test_seed_bundle_gives_the_expected_two_articles():
    code, report = run_import()

    assert code == 0
    assert {d["status"] for d in report["documents"]} == {"created"}
    story = Article.objects.get(versions__language="fr")
    assert sorted(story.versions.values_list("language", flat=True)) == ["de", "es", "fr", "id"]
    other = Article.objects.exclude(pk=story.pk).get()
    assert list(other.versions.values_list("language", flat=True)) == ["id"]
    assert Article.objects.count() == 2

    for language in ("id", "fr", "es"):
        assert len(story.text("key_points", language).split("\n")) == 3
        assert "Poin -Poin Kunci" not in story.text("body", language)
    assert story.text("key_points", "de").split("\n")[0].startswith("OpenAI-CEO Sam Altman")
    assert len(story.text("key_points", "de").split("\n")) == 3
    version = story.versions.get(language="id")
    assert version.title_derived and version.status == Status.DRAFT
    assert version.link_score >= 0.5 and "o3-mini" in version.link_anchors
    assert version.imported_checksum == content_checksum(story, "id")

    assert other.text("title", "id").startswith("Mengapa OpenAI tunduk pada sumber terbuka")
    assert not other.versions.get().title_derived
    assert "\n\n## Mengkritik Meta\n\n" in other.text("body", "id")
    assert other.text("source_attribution", "id") == "Cerita ini awalnya ditampilkan di Fortune.com"
    assert "MEMBACA" not in other.text("body", "id")
    [insert_warning] = document(report, SEED["other_id"])["warnings"]
    assert "MEMBACA" in insert_warning
    source = SourceDocument.objects.get(name=SEED["other_id"])
    assert "MEMBACA\u00a0 Dana hedge funds" in source.raw_text  # the raw text keeps everything
    assert source.outcome == SourceDocument.Outcome.APPLIED
    assert source.article == other and source.language == "id"
    assert source.parsed["blocks"][0]["language"] == "en"  # the quoted English paragraph


def test_slugs_come_from_titles_and_are_unique_per_language(seed_bundle):
    run_import(seed_bundle("id", "other_id"))
    first, second = Article.objects.order_by("pk")

    assert first.text("slug", "id").startswith("ceo-openai-sam-altman")
    assert second.text("slug", "id").startswith("mengapa-openai-tunduk")

    # The same title again, in a new article: -2.
    again = seed_text("other_id").replace("Cerita ini", "Kisah ini")
    run_import(_bundle_with(seed_bundle, again))
    third = Article.objects.order_by("pk").last()
    assert third.text("slug", "id") == second.text("slug", "id") + "-2"


def test_many_stories_of_one_title_across_batches_each_get_a_slug_of_their_own(
    make_bundle, settings
):
    # More stories of one title than the slugs first looked up per title (8), a few per
    # batch: each batch asks the database which are taken, and asks again for the next.
    settings.NEWSROOM_IMPORT_BATCH = 3
    text = seed_text("fr")
    root = make_bundle(
        {f"{n:02}.txt": f"{text}\nCe paragraphe porte le numéro {n}.\n" for n in range(11)}
    )

    code, report = run_import(root)

    assert code == 0
    assert {d["status"] for d in report["documents"]} == {"created"}
    base = services.unique_slug(parse_document(text).title, taken=lambda s: False)
    slugs = sorted(Article.objects.values_list(localized("slug", "fr"), flat=True))
    assert slugs == sorted([base, *(f"{base}-{n}" for n in range(2, 12))])


def _bundle_with(seed_bundle, text):
    root = seed_bundle(name="again")
    (root / "copy.txt").write_text(text, encoding="utf-8")
    return root


def test_json_report_has_the_documented_shape():
    code, report = run_import()

    assert code == 0
    assert {"documents", "articles"} <= set(report)
    for entry in report["documents"]:
        assert {"file", "language", "confidence", "article", "status", "warnings"} <= set(entry)
    assert sorted(d["file"] for d in report["documents"]) == sorted(SEED.values())
    fr = document(report, SEED["fr"])
    assert fr["language"] == "fr" and fr["confidence"] > 0.9 and isinstance(fr["article"], int)
    story = next(a for a in report["articles"] if a["id"] == fr["article"])
    assert sorted(story["languages"]) == ["de", "es", "fr", "id"]
    link = next(link for link in story["links"] if link["language"] == "fr")
    assert link["score"] >= 0.5 and "o3-mini" in link["anchors"]


def test_table_report_lists_files_articles_and_totals(capsys):
    call_command("import_seeds")

    captured = capsys.readouterr()
    assert captured.err == ""  # no progress bar when stderr is not a terminal
    out = captured.out
    assert SEED["fr"] in out and "created" in out
    assert "de,es,fr,id" in out
    assert "5 imported (5 created, 0 updated, 0 unchanged), 0 skipped, 0 rejected, 0 failed" in out
    # 003 keeps its two English passages (blocking) and its over-long title (advisory)
    assert "[3 findings, 2 blocking]" in out


def test_reimport_of_unchanged_bundle_writes_nothing():
    run_import()
    before = row_counts()
    stamps = sorted(LanguageVersion.objects.values_list("pk", "updated_at"))
    article_stamps = sorted(Article.objects.values_list("pk", "updated_at"))

    code, report = run_import()

    assert code == 0
    assert {d["status"] for d in report["documents"]} == {"unchanged"}
    assert row_counts() == before
    assert sorted(LanguageVersion.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(Article.objects.values_list("pk", "updated_at")) == article_stamps
    assert len(report["articles"]) == 2  # still reported, with their links
    assert report["run"] is None  # not even an ImportRun row


def test_files_left_out_by_design_are_skipped_with_a_reason_and_the_run_succeeds(
    seed_bundle, tmp_path
):
    root = seed_bundle("fr")
    (root / "empty.txt").write_bytes(b"")
    (root / "spaces.txt").write_text("  \n\n \u00a0 \n")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "outside.txt").write_text("Rahasia di luar bundel.")
    os.symlink(tmp_path / "outside.txt", root / "link.txt")

    code, report = run_import(root)

    assert code == 0
    statuses = {d["file"]: (d["status"], d["reason"]) for d in report["documents"]}
    assert statuses == {
        SEED["fr"]: ("created", ""),
        "empty.txt": ("skipped", "empty file"),
        "link.txt": ("skipped", "symlink leads outside the bundle"),
        "notes.docx": ("skipped", "not a .txt file"),
        "spaces.txt": ("skipped", "only whitespace"),
    }
    assert report["kinds"] == {"imported": 1, "skipped": 4, "rejected": 0, "failed": 0}
    assert SourceDocument.objects.count() == 1


def test_files_that_cannot_be_read_are_rejected_with_the_offset_and_the_run_exits_1(
    seed_bundle,
):
    root = seed_bundle("fr")
    (root / "image.txt").write_bytes(b"GIF89a\x00\x01\x02\x00\x00")
    (root / "latin1.txt").write_bytes("Déjà vu à Paris.".encode("latin-1"))

    code, report = run_import(root)

    assert code == 1
    image, latin1 = document(report, "image.txt"), document(report, "latin1.txt")
    assert (image["status"], image["offset"]) == ("rejected", 6)
    assert image["reason"] == "binary file (NUL byte at offset 6)"
    assert (latin1["status"], latin1["offset"]) == ("rejected", 1)
    assert latin1["reason"].startswith("undecodable: not UTF-8 (byte 0xe9 at offset 1)")
    assert report["kinds"] == {"imported": 1, "skipped": 0, "rejected": 2, "failed": 0}
    # The readable file is still imported: a rejection does not stop the run.
    assert document(report, SEED["fr"])["status"] == "created"
    assert SourceDocument.objects.count() == 1


def test_file_over_the_size_limit_is_rejected(seed_bundle, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 1000
    code, report = run_import(seed_bundle("fr"))

    assert code == 1
    entry = document(report, SEED["fr"])
    assert entry["status"] == "rejected"
    assert entry["reason"].startswith("too large: ") and entry["offset"] is None
    assert row_counts() == {"runs": 0, "articles": 0, "versions": 0, "documents": 0}


def test_a_rejected_file_is_named_in_the_table_and_the_exit_status(seed_bundle, capsys):
    root = seed_bundle("fr")
    (root / "latin1.txt").write_bytes("Déjà vu à Paris.".encode("latin-1"))

    with pytest.raises(CommandError) as failure:
        call_command("import_seeds", str(root))

    assert failure.value.returncode == 1
    assert "rejected" in str(failure.value)
    out = capsys.readouterr().out
    assert "1 imported (1 created, 0 updated, 0 unchanged), 0 skipped, 1 rejected, 0 failed" in out
    row = next(line for line in out.splitlines() if line.startswith("latin1.txt"))
    assert "rejected" in row and "offset 1" in row


def test_encodings_and_line_endings_import_to_the_same_text(make_bundle):
    text = seed_text("fr")
    root = make_bundle(
        {
            "utf16.txt": "\ufeff".encode("utf-16-le")
            + text.replace("\n", "\r\n").encode("utf-16-le"),
        }
    )
    code, report = run_import(root)

    assert code == 0
    article = Article.objects.get()
    assert document(report, "utf16.txt")["language"] == "fr"
    assert "\r" not in article.text("body", "fr")
    assert len(article.text("key_points", "fr").split("\n")) == 3
    assert SourceDocument.objects.get().encoding == "utf-16-le"
    assert document(report, "utf16.txt")["warnings"] == [
        "decoded as UTF-16-LE through its byte-order mark"
    ]
    # Said once, when imported: a re-run finds it unchanged and quiet, even under --strict.
    code, again = run_import(root, "--strict")
    assert code == 0
    assert (document(again, "utf16.txt")["status"], document(again, "utf16.txt")["warnings"]) == (
        "unchanged",
        [],
    )


def test_two_openai_stories_in_two_languages_do_not_link(seed_bundle):
    code, report = run_import(seed_bundle("fr", "other_id"))

    assert code == 0
    assert Article.objects.count() == 2
    assert {tuple(a["languages"]) for a in report["articles"]} == {("fr",), ("id",)}


def test_a_translation_arriving_later_joins_the_article(seed_bundle):
    run_import(seed_bundle("id", "fr", name="monday"))
    article = Article.objects.get()

    code, report = run_import(seed_bundle("de", name="next-week"))

    assert code == 0
    assert document(report, SEED["de"])["article"] == article.pk
    assert sorted(article.versions.values_list("language", flat=True)) == ["de", "fr", "id"]
    assert Article.objects.count() == 1
    article.refresh_from_db()
    assert article.text("title", "fr").startswith("Le PDG d'OpenAI")  # the others untouched
    assert article.versions.get(language="de").link_score >= 0.5


def test_every_imported_version_and_document_is_announced_as_a_new_row(seed_bundle):
    """A story's rows are inserted in bulk, yet every post_save receiver sees each one
    created, as for a save (the page invalidation, django-reversion inside a revision)."""
    announced = []

    def receiver(sender, instance, created, **kwargs):
        announced.append((sender.__name__, instance.pk, created))

    for model in (LanguageVersion, SourceDocument):
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"test-{model}")
    try:
        code, _report = run_import(seed_bundle("id", "fr", "es"))
    finally:
        for model in (LanguageVersion, SourceDocument):
            post_save.disconnect(sender=model, dispatch_uid=f"test-{model}")

    assert code == 0
    rows = [
        (model.__name__, pk, True)
        for model in (LanguageVersion, SourceDocument)
        for pk in model.objects.values_list("pk", flat=True)
    ]
    assert len(rows) == 6 and sorted(announced) == sorted(rows)


def test_a_changed_file_updates_its_unedited_version(seed_bundle):
    root = seed_bundle("fr")
    run_import(root)
    article = Article.objects.get()
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))

    code, report = run_import(root)

    assert code == 0
    assert document(report, SEED["fr"])["status"] == "updated"
    article.refresh_from_db()
    assert "24 heures" in article.text("body", "fr")
    version = article.versions.get()
    assert version.imported_checksum == content_checksum(article, "fr")
    outcomes = dict(SourceDocument.objects.values_list("outcome", "name").order_by("imported_at"))
    assert set(outcomes) == {"replaced", "applied"}
    assert Article.objects.count() == 1


def test_a_changed_file_never_overwrites_an_editors_work(seed_bundle):
    root = seed_bundle("fr")
    run_import(root)
    article = Article.objects.get()
    setattr(article, localized("body", "fr"), "Le texte de la rédaction.")
    article.save()
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))

    code, report = run_import(root)

    assert code == 0
    entry = document(report, SEED["fr"])
    assert entry["status"] == "skipped" and entry["outcome"] == "pending"
    assert "edited by an editor since import" in entry["warnings"][0]
    article.refresh_from_db()
    assert article.text("body", "fr") == "Le texte de la rédaction."
    pending = SourceDocument.objects.get(outcome=SourceDocument.Outcome.PENDING)
    assert "24 heures" in pending.raw_text and pending.article == article
    assert SourceDocument.objects.filter(outcome=SourceDocument.Outcome.APPLIED).count() == 1


def test_a_changed_file_never_overwrites_a_draft_published_as_it_is_written(
    seed_bundle, monkeypatch
):
    # The importer read the version as a draft no one edited; an editor publishes it before
    # the importer writes: the importer decides on the version as it is under its lock.
    root = seed_bundle("fr")
    run_import(root)
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))
    real = persisting._update_version

    def published_meanwhile(plan, run, version):
        LanguageVersion.objects.filter(pk=version.pk).update(
            status=Status.PUBLISHED, published_at=timezone.now()
        )
        return real(plan, run, version)

    monkeypatch.setattr(persisting, "_update_version", published_meanwhile)
    _code, report = run_import(root)

    assert document(report, SEED["fr"])["outcome"] == "pending"
    assert "24 heures" not in Article.objects.get().text("body", "fr")  # readers' text stays


def test_a_changed_file_for_a_draft_is_a_new_revision_with_fresh_findings(seed_bundle):
    root = seed_bundle("fr")
    run_import(root)
    version = LanguageVersion.objects.get()
    assert not Finding.objects.filter(version=version, kind="leftover_markup").exists()
    changed = seed_text("fr").replace("12 heures", "<b>24 heures</b>")
    (root / SEED["fr"]).write_text(changed)

    code, report = run_import(root)

    assert code == 0
    assert document(report, SEED["fr"])["status"] == "updated"
    fresh = LanguageVersion.objects.get()
    assert fresh.lock_version == version.lock_version + 1
    assert "24 heures" in fresh.article.text("body", "fr")
    # The run looked at the new text: its leftover markup is a stored finding.
    assert Finding.objects.filter(version=fresh, kind="leftover_markup").exists()
    # A review page opened on the imported text cannot publish the new text unseen.
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.publish(
            version=fresh, user=None, override_reason="checked", lock_version=version.lock_version
        )


@pytest.mark.parametrize(
    ("status", "published_at", "said"),
    [
        (Status.PUBLISHED, timedelta(days=-1), "Published"),
        (Status.PUBLISHED, timedelta(days=1), "Scheduled"),
        (Status.IN_REVIEW, None, "In review"),
        (Status.ARCHIVED, None, "Archived"),
    ],
)
def test_a_changed_file_never_replaces_text_beyond_draft(
    seed_bundle, client, status, published_at, said
):
    root = seed_bundle("fr")
    run_import(root)
    when = timezone.now() + published_at if published_at else None
    LanguageVersion.objects.update(status=status, published_at=when)
    version = LanguageVersion.objects.get()
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))

    code, report = run_import(root)

    assert code == 0
    entry = document(report, SEED["fr"])
    assert entry["status"] == "skipped" and entry["outcome"] == "pending"
    assert entry["warnings"] == [
        f"the French version of article #{version.article_id} is in the state “{said}”; "
        "the new text is kept for an editor to review (pending)"
    ]
    kept = LanguageVersion.objects.get()
    assert kept.lock_version == version.lock_version
    assert kept.article.text("body", "fr") == version.article.text("body", "fr")
    pending = SourceDocument.objects.get(outcome=SourceDocument.Outcome.PENDING)
    assert "24 heures" in pending.raw_text and pending.article_id == version.article_id
    if status == Status.PUBLISHED and published_at < timedelta(0):
        page = client.get(kept.get_absolute_url())
        assert page.status_code == 200
        assert "12 heures" in page.text and "24 heures" not in page.text


def test_a_file_in_a_language_the_site_lacks_is_kept_unattached(make_bundle):
    code, report = run_import(make_bundle({"berita.txt": MALAY_STORY}))

    assert code == 0
    entry = document(report, "berita.txt")
    assert entry["language"] == "ms" and entry["article"] is None
    assert entry["status"] == "skipped" and "not a site language" in entry["warnings"][0]
    source = SourceDocument.objects.get()
    assert source.outcome == SourceDocument.Outcome.UNSUPPORTED and source.article is None
    assert Article.objects.count() == 0


def test_dry_run_reports_but_writes_nothing():
    code, report = run_import("--dry-run")

    assert code == 0
    assert {d["status"] for d in report["documents"]} == {"created"}
    assert len(report["articles"]) == 2
    assert row_counts() == {"runs": 0, "articles": 0, "versions": 0, "documents": 0}
    assert ImportRun.objects.count() == 0


def test_strict_turns_warnings_into_failure_and_rolls_everything_back():
    code, report = run_import("--strict")

    assert code == 1
    assert report["rolled_back"] is True
    assert row_counts() == {"runs": 0, "articles": 0, "versions": 0, "documents": 0}
    assert ImportRun.objects.count() == 0


def test_strict_run_without_warnings_commits(seed_bundle):
    code, _report = run_import("--strict", seed_bundle("fr", "de"))

    assert code == 0
    assert row_counts() == {"runs": 1, "articles": 1, "versions": 2, "documents": 2}


def test_a_failing_file_fails_the_run_but_leaves_no_half_article(seed_bundle, monkeypatch):
    real = persisting._document

    def crash_on_german(plan, *args, **kwargs):
        if plan.result.file == SEED["de"]:
            raise RuntimeError("disk full")
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(persisting, "_document", crash_on_german)
    root = seed_bundle("id", "fr", "de")
    code, report = run_import(root)

    assert code == 1
    assert document(report, SEED["de"])["status"] == "failed"
    assert "disk full" in document(report, SEED["de"])["warnings"][-1]
    article = Article.objects.get()
    assert sorted(article.versions.values_list("language", flat=True)) == ["fr", "id"]
    assert article.text("body", "de") in ("", None)  # the German write was rolled back
    assert ImportRun.objects.get().state == ImportRun.State.FAILED

    monkeypatch.setattr(persisting, "_document", real)
    code, report = run_import(root)  # the next run completes the rest

    assert code == 0
    assert document(report, SEED["de"])["status"] == "created"
    assert sorted(article.versions.values_list("language", flat=True)) == ["de", "fr", "id"]


def test_when_the_file_that_made_an_article_fails_its_translations_still_make_one(
    seed_bundle, monkeypatch
):
    real = persisting._document

    def crash_on_indonesian(plan, *args, **kwargs):
        if plan.result.file == SEED["id"]:  # the first file of the story: it made the article
            raise RuntimeError("disk full")
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(persisting, "_document", crash_on_indonesian)
    code, report = run_import(seed_bundle("id", "fr", "de"))

    assert code == 1
    statuses = {name: document(report, SEED[name])["status"] for name in ("id", "fr", "de")}
    assert statuses == {"id": "failed", "fr": "created", "de": "created"}
    article = Article.objects.get()  # the rolled-back article is not linked to
    assert sorted(article.versions.values_list("language", flat=True)) == ["de", "fr"]


def test_a_concurrent_import_of_the_same_files_creates_no_duplicates(seed_bundle, monkeypatch):
    root = seed_bundle("id", "fr")
    real = planning.refresh_plans

    def another_run_finishes_first(plans):
        monkeypatch.setattr(pipeline, "refresh_plans", real)
        run_import(root)  # this run has planned its batch; another one wrote it meanwhile
        real(plans)

    monkeypatch.setattr(pipeline, "refresh_plans", another_run_finishes_first)
    report = pipeline.import_bundle(pipeline.ImportOptions(paths=[root]))

    assert {d.status for d in report.documents} == {"unchanged"}
    assert row_counts() == {"runs": 1, "articles": 1, "versions": 2, "documents": 2}


def test_a_bundle_path_that_does_not_exist_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_seeds", str(tmp_path / "missing"))


def test_import_runs_the_editorial_checks_and_counts_findings_per_article():
    _code, report = run_import()

    untranslated = next(a for a in report["articles"] if a["languages"] == ["id"])
    # 003's English paragraphs left inside the Indonesian version block publication.
    assert untranslated["findings"]["blocking"] >= 1
    stored = Finding.objects.filter(version__article_id=untranslated["id"])
    assert untranslated["findings"]["open"] == stored.count()
    assert stored.filter(kind="untranslated").exists()
    for entry in report["articles"]:
        assert (
            entry["findings"]["open"]
            == Finding.objects.filter(version__article_id=entry["id"]).count()
        )


def test_findings_are_not_recomputed_for_an_unchanged_bundle():
    run_import()
    Finding.objects.filter(kind="untranslated").update(message="as stored")

    run_import()

    assert set(Finding.objects.filter(kind="untranslated").values_list("message", flat=True)) == {
        "as stored"
    }


def test_layouts_that_cannot_be_published_are_skipped_or_repaired_and_reported(make_bundle):
    sentence = "Le pont du port a rouvert lundi après deux ans de travaux, annonce la mairie."
    root = make_bundle(
        {
            "title_only.txt": "Le pont du port rouvre\n",
            "one_line.txt": " ".join([sentence] * 260),
        }
    )

    code, report = run_import(root)

    assert code == 0
    skipped = document(report, "title_only.txt")
    assert (skipped["status"], skipped["reason"]) == (
        "skipped",
        "only a title line, no text: not a story to import",
    )
    one_line = document(report, "one_line.txt")
    assert one_line["status"] == "created"
    assert "split into" in one_line["warnings"][0]
    article = Article.objects.get()
    lede = article.text("lede", "fr")
    assert lede.startswith(sentence) and lede.endswith("mairie.") and len(lede) <= 700
    assert article.text("body", "fr").count("\n\n") > 20


def test_a_slug_an_editor_takes_while_the_import_runs_is_not_taken_twice(make_bundle, monkeypatch):
    root = make_bundle(
        {
            "0.txt": "Le port rouvre\n\nLe port de Toulon rouvre ses quais ce matin.",
            "1.txt": seed_text("id"),  # one story, with 2.txt
            "2.txt": seed_text("fr"),
        }
    )
    titles = {code: parse_document(seed_text(code)).title for code in ("id", "fr")}
    slug = {
        code: services.unique_slug(title, taken=lambda s: False) for code, title in titles.items()
    }
    real = pipeline._Import._before_files

    def editor_saves_before_the_story(self, names):
        if "2.txt" in names:  # the importer knows the stored French slugs since 0.txt
            Article.objects.create(
                **{localized("title", "fr"): titles["fr"], localized("slug", "fr"): slug["fr"]}
            )
        return real(self, names)

    monkeypatch.setattr(pipeline._Import, "_before_files", editor_saves_before_the_story)
    code, report = run_import(root)

    assert code == 0
    assert {document(report, name)["status"] for name in ("1.txt", "2.txt")} == {"created"}
    story = Article.objects.get(versions__language="id")
    assert story.text("slug", "fr") == f"{slug['fr']}-2"
    assert story.text("slug", "id") == slug["id"]  # a slug no one took is kept
