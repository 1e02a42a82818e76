"""Linking against the database: an index that reads the stored documents through the
anchor table as linking reaches them links as one holding every stored document, and
holds only what the batch reaches (articles/importing/planning.py, `StoredDocuments`)."""

import pytest

from articles.importing import linking, pipeline
from articles.importing.linking import AnchorIndex, link_documents, node
from articles.importing.pipeline import ImportOptions, import_bundle
from articles.importing.planning import StoredDocuments
from articles.importing.splits import story_suggestions
from articles.models import AnchorCount, Article, DocumentAnchor, SourceDocument
from bench.generate_bundle import generate
from tests.importing.conftest import SEED, run_import

pytestmark = pytest.mark.django_db(transaction=True)


def outcome(index: AnchorIndex):
    result = link_documents(index)
    stories = sorted(
        sorted(repr(n.key) for n in c.members.values())
        for c in result.clusters
        if any(n.new for n in c.members.values())
    )
    links = {key: (link.score, link.anchors, link.rule) for key, link in result.links.items()}
    suggestions = [
        (s.a, s.b, s.link.score) for s in [*result.suggestions, *story_suggestions(index, result)]
    ]
    return stories, links, suggestions


def stored_nodes() -> list:
    rows = StoredDocuments().linkable.order_by("pk")
    return [
        node(
            ("db", r["pk"]),
            r["language"],
            r["parsed__anchors"],
            article_id=r["article_id"],
            new=False,
        )
        for r in rows.values("pk", "language", "article_id", "parsed__anchors")
    ]


def file_nodes(directory, names) -> list:
    from articles.importing.anchors import extract_anchors
    from articles.importing.parsing import parse_document
    from articles.importing.reading import normalize
    from articles.language import detect_text

    nodes = []
    for i, name in enumerate(names):
        text = normalize((directory / name).read_text(encoding="utf-8"))
        segments = parse_document(text).segments()
        language = detect_text("\n".join(segments)).language
        nodes.append(node(("file", i), language, extract_anchors(segments)))
    return nodes


def test_an_index_reading_the_database_links_as_one_holding_every_stored_document(
    tmp_path, monkeypatch
):
    # Every story of the generator shares the seed's everyday names: with few stories they
    # are walked as rare ones would be; as in a large bundle, they are not here.
    monkeypatch.setattr(linking, "MAX_POSTINGS", 12)
    bundle = tmp_path / "bundle"
    truth = generate(bundle, stories=12, seed=5)
    later = sorted(name for name, story in truth.items() if story % 3 == 0)[:12]
    for name in later:  # imported later: half of some stories' files, all of others
        (bundle / name).rename(tmp_path / name)
    import_bundle(ImportOptions(paths=[bundle]))
    files = file_nodes(tmp_path, later)
    stored = StoredDocuments()
    stored.take_in()

    everything = AnchorIndex([*stored_nodes(), *files])
    reading = AnchorIndex(files, store=stored)

    assert outcome(reading) == outcome(everything)
    assert any(n.article_id for c in link_documents(reading).clusters for n in c.members.values())
    # it holds the stories its files reach, not every stored document
    assert len(reading.nodes) < len(everything.nodes)


def test_a_file_links_to_its_translations_imported_in_earlier_batches(settings, seed_bundle):
    settings.NEWSROOM_IMPORT_BATCH = 1  # every file a batch of its own

    code, _report = run_import(seed_bundle("id", "fr", "es", "other_id", "de"))

    assert code == 0
    by_file = dict(SourceDocument.objects.values_list("name", "article_id"))
    story = {by_file[SEED[key]] for key in ("id", "fr", "es", "de")}
    assert len(story) == 1 and by_file[SEED["other_id"]] not in story


def test_the_database_is_read_as_an_editor_left_it(seed_bundle):
    run_import(seed_bundle("id", "fr", "es"))
    StoredDocuments().take_in()  # as the next batch would: every document has its rows
    assert DocumentAnchor.objects.filter(document__name=SEED["es"]).exists()
    french = SourceDocument.objects.get(name=SEED["fr"])
    spanish = SourceDocument.objects.get(name=SEED["es"])
    other = Article.objects.create(title_fr="Ailleurs", slug_fr="ailleurs")
    SourceDocument.objects.filter(pk=french.pk).update(article=other)  # moved by an editor
    SourceDocument.objects.filter(name=SEED["id"]).delete()
    SourceDocument.objects.filter(pk=spanish.pk).update(outcome=SourceDocument.Outcome.PENDING)
    shared = sorted(set(french.parsed["anchors"]) & set(spanish.parsed["anchors"]))[0]

    stored = StoredDocuments()
    stored.take_in()

    assert stored.count() == {"fr": 1}
    assert list(stored.holders([shared])) == [(shared, ("db", french.pk), "fr")]
    assert stored.frequencies([shared], rare=5) == {shared: (1, {"fr": 1})}
    (moved,) = stored.documents([("db", french.pk)])
    assert moved.article_id == other.pk


def test_documents_stored_before_the_anchor_table_are_taken_in_before_linking(seed_bundle):
    run_import(seed_bundle("id"))
    StoredDocuments().take_in()
    DocumentAnchor.objects.all().delete()  # as migration 0022 leaves them
    SourceDocument.objects.update(anchors_taken_in=False)
    indonesian = SourceDocument.objects.get(name=SEED["id"])

    run_import(seed_bundle("id", "fr"))

    assert DocumentAnchor.objects.filter(document=indonesian).count() == len(
        set(indonesian.parsed["anchors"])
    )
    by_file = dict(SourceDocument.objects.values_list("name", "article_id"))
    assert by_file[SEED["fr"]] == by_file[SEED["id"]]


def test_a_story_an_editor_deletes_between_batches_takes_no_new_translation(
    settings, seed_bundle, monkeypatch
):
    settings.NEWSROOM_IMPORT_BATCH = 1  # the Indonesian file, then the French one
    link_plans, batches = pipeline.link_plans, []

    def editor_between_batches(plans):
        batches.append(plans)
        if len(batches) == 2:  # the first batch is written: its article is deleted
            Article.objects.filter(source_documents__name=SEED["id"]).delete()
        return link_plans(plans)

    monkeypatch.setattr(pipeline, "link_plans", editor_between_batches)

    code, _report = run_import(seed_bundle("id", "fr"))

    assert code == 0 and len(batches) == 2
    french = SourceDocument.objects.get(name=SEED["fr"])
    assert list(french.article.versions.values_list("language", flat=True)) == ["fr"]


def test_a_story_an_editor_deletes_while_a_batch_links_does_not_stop_the_import(
    settings, seed_bundle, monkeypatch
):
    settings.NEWSROOM_IMPORT_BATCH = 1  # the Indonesian file, then the French one
    holders = StoredDocuments.holders

    def editor_deletes_meanwhile(self, anchors):
        found = list(holders(self, anchors))  # the Indonesian document's anchors read...
        Article.objects.filter(source_documents__name=SEED["id"]).delete()  # ...then is gone
        return found

    monkeypatch.setattr(StoredDocuments, "holders", editor_deletes_meanwhile)

    code, _report = run_import(seed_bundle("id", "fr"))

    assert code == 0
    french = SourceDocument.objects.get(name=SEED["fr"])
    assert list(french.article.versions.values_list("language", flat=True)) == ["fr"]


def test_an_anchor_too_common_to_walk_is_counted_not_written_per_document(seed_bundle, monkeypatch):
    monkeypatch.setattr(linking, "MAX_POSTINGS", 1)
    run_import(seed_bundle("id", "fr", "es"))
    documents = list(SourceDocument.objects.all())
    held = [set(d.parsed["anchors"]) for d in documents]
    everywhere = sorted(set.intersection(*held))[0]
    only_french = sorted(held[1] - held[0] - held[2])[0]

    stored = StoredDocuments()
    stored.take_in()

    assert AnchorCount.objects.get(anchor=everywhere).documents == 3
    assert not DocumentAnchor.objects.filter(anchor=everywhere).exists()
    assert stored.frequencies([everywhere, only_french], rare=1) == {
        everywhere: (3, {}),
        only_french: (1, {"fr": 1}),
    }
    assert list(stored.holders([only_french])) == [(only_french, ("db", documents[1].pk), "fr")]
