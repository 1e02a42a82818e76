import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.editorial_checks import dismiss_finding, recompute_findings
from articles.models import Finding, LanguageVersion
from articles.services import apply_suggestion
from tests.factories import editor, make_article

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Whether the company can successfully navigate this balancing act remains to be seen, "
    "but its move represents a significant shift in its strategy."
)
ID_1 = (
    "Perusahaan itu mengatakan bahwa model baru akan dirilis untuk pengembang di seluruh dunia "
    "pada akhir bulan ini, dan banyak peneliti menyambut langkah tersebut."
)
ID_2 = (
    "Para analis menilai keputusan tersebut sebagai perubahan besar dalam strategi perusahaan, "
    "yang selama ini menutup kode sumber modelnya dari publik."
)


def untranslated_article():
    return make_article(languages=("id",), body_id=f"{ID_1}\n\n{ENGLISH}")


def open_kinds(article):
    return sorted(
        (f.version.language, f.kind, f.paragraph)
        for f in Finding.objects.open().filter(version__article=article)
    )


def test_recompute_stores_findings_and_rerunning_changes_nothing():
    article = untranslated_article()
    first = recompute_findings(article)
    assert [(f.kind, f.severity, f.paragraph) for f in first] == [("untranslated", "blocking", 1)]
    assert "English" in first[0].message and first[0].suggestion

    again = recompute_findings(article)
    assert [f.pk for f in again] == [f.pk for f in first]
    assert Finding.objects.count() == 1


def test_dismissal_holds_when_the_paragraph_moves_and_lapses_when_its_text_changes():
    article = untranslated_article()
    (finding,) = recompute_findings(article)
    dismiss_finding(finding, user=editor(), reason="A quotation we keep in English.")

    article.body_ind = f"{ID_2}\n\n{ID_1}\n\n{ENGLISH}"  # a paragraph added above it
    article.save()
    (moved,) = recompute_findings(article)
    assert moved.pk == finding.pk and moved.paragraph == 2
    assert moved.dismissed_at is not None
    assert open_kinds(article) == []

    article.body_ind = f"{ID_2}\n\n{ID_1}\n\n{ENGLISH} It was a mistake."
    article.save()
    (fresh,) = recompute_findings(article)
    assert fresh.dismissed_at is None
    assert open_kinds(article) == [("id", "untranslated", 2)]


def test_findings_that_no_longer_occur_are_deleted():
    article = untranslated_article()
    recompute_findings(article)
    article.body_ind = f"{ID_1}\n\n{ID_2}"
    article.save()
    assert recompute_findings(article) == []
    assert not Finding.objects.exists()


def test_recompute_runs_the_same_few_queries_for_three_versions_or_five():
    small = make_article(languages=("en", "fr", "de"), title_fr="", title_de="")
    large = make_article(languages=("en", "fr", "es", "de", "id"), title_fr="", title_de="")
    recompute_findings(small)
    recompute_findings(large)
    # the full upsert path: reworded rows to update, a stale one to delete, new ones to add
    Finding.objects.update(message="old wording")
    for article in (small, large):
        article.title_en = ""
        article.title_fr = "Now titled"
        article.slug_fr = "now-titled"
    counts = []
    for article in (small, large):
        with CaptureQueriesContext(connection) as queries:
            recompute_findings(article)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
    assert (
        open_kinds(large)
        == open_kinds(small)
        == [
            ("de", "title_empty", None),
            ("en", "title_empty", None),
        ]
    )


def test_dismissing_needs_a_reason():
    article = untranslated_article()
    (finding,) = recompute_findings(article)
    with pytest.raises(ValidationError):
        dismiss_finding(finding, user=editor(), reason="   ")
    finding.refresh_from_db()
    assert finding.dismissed_at is None


def name_story():
    return make_article(
        languages=("en", "fr", "es", "de"),
        body_en="OpenAI said so. The OpenAI board agreed with OpenAI staff.",
        body_de="OpenAI sagte ja.",
        body_fr="Openai a dit. Le conseil d'Openai a accepté. Openairlines n'est pas concerné.",
        body_es="La junta de Openai aceptó. OpenAI dijo que sí.",
        title_es="Openai y su junta",
    )


def name_finding(article, language):
    recompute_findings(article)
    return Finding.objects.get(
        version__article=article, version__language=language, kind="name_spelling"
    )


def test_apply_suggestion_in_one_version_replaces_whole_words_only():
    article = name_story()
    user = editor()
    changed = apply_suggestion(name_finding(article, "fr"), user=user)

    assert changed.count == 1
    article.refresh_from_db()
    assert article.body_fr == (
        "OpenAI a dit. Le conseil d'OpenAI a accepté. Openairlines n'est pas concerné."
    )
    assert article.body_es.startswith("La junta de Openai")  # not asked to change
    fr = LanguageVersion.objects.get(article=article, language="fr")
    assert (fr.lock_version, fr.updated_by) == (2, user)
    assert [k for k in open_kinds(article) if k[1] == "name_spelling"] == [
        ("es", "name_spelling", 0)
    ]


def test_apply_suggestion_everywhere_fixes_every_version_and_clears_the_findings():
    article = name_story()
    changed = apply_suggestion(name_finding(article, "fr"), user=editor(), everywhere=True)

    assert changed.count == 2
    article.refresh_from_db()
    assert article.title_es == "OpenAI y su junta"
    assert not re.search(r"\bOpenai\b", article.body_es + article.body_fr)
    assert [k for k in open_kinds(article) if k[1] == "name_spelling"] == []


def test_only_name_findings_have_a_fix_to_apply():
    article = untranslated_article()
    (finding,) = recompute_findings(article)
    with pytest.raises(ValidationError):
        apply_suggestion(finding, user=editor())


def test_slug_shadowed_by_the_site_s_feed_is_found_when_stored():
    article = make_article(languages=("en",), title_en="Feed", slug_en="feed")
    assert [(f.kind, f.severity) for f in recompute_findings(article)] == [
        ("slug_collision", "blocking")
    ]


def test_apply_everywhere_leaves_the_same_letters_alone_where_they_are_an_ordinary_word():
    article = make_article(
        languages=("fr", "es", "id", "de"),
        body_fr="L'IA progresse. Selon eux, l'IA générative et l'IA ouverte.",
        body_es="La Ia generativa avanza. La IA abierta también.",
        body_de="Die IA-Forschung, sagt die IA-Gruppe.",
        body_id="Kata ia, model AI ini terbuka. Ia setuju.",
    )
    changed = apply_suggestion(name_finding(article, "es"), user=editor(), everywhere=True)

    assert changed.count == 1
    article.refresh_from_db()
    assert article.body_es == "La IA generativa avanza. La IA abierta también."
    assert article.body_ind == "Kata ia, model AI ini terbuka. Ia setuju."


def test_a_name_misspelt_once_blocks_and_applying_the_fix_clears_it():
    article = make_article(
        languages=("fr", "es", "de"),
        body_fr="L'institut de Bethesda a ouvert. Les chercheurs de Bethesda approuvent.",
        body_es="El instituto de Bethesda abrió. Los científicos de Bethesda aceptaron.",
        body_de="Das Institut in Bethesda eröffnete. Forscher in Bethedsa stimmten zu.",
    )
    finding = name_finding(article, "de")
    assert finding.severity == "blocking"

    apply_suggestion(finding, user=editor())

    article.refresh_from_db()
    assert "Bethedsa" not in article.body_de and article.body_de.count("Bethesda") == 2
    assert not Finding.objects.filter(version__article=article, kind="name_spelling").exists()
