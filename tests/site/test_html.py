"""Every public page type is well-formed HTML5 with the structure assistive technology needs.

html5lib in strict mode raises on any parse error the WHATWG parsing rules
define (stray end tags, bad nesting, unescaped markup, duplicate attributes).
On the parsed tree: one `main`, the landmarks, `lang` on `html`, one `h1` and
no skipped heading level, unique ids, and a label for every form control.
"""

import itertools

import html5lib
import pytest

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site(story):
    for n in range(12):
        make_article(("fr",), Status.PUBLISHED, title_fr=f"Brève {n}", key_points_fr="Un\nDeux")
    return story


PAGES = [
    "/fr/",
    "/fr/?page=2",
    "/fr/?q=pont&since=2020-01-01&key_points=on&translated=on&source=presse",
    "/fr/?since=not-a-date",
    "/fr/le-pont-du-port-rouvre/",
    "/fr/no-such-story/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_is_well_formed_and_structured(client, site, url):
    response = client.get(url)
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        response.content.decode()
    )

    assert tree.get("lang") == "fr"
    assert len(tree.findall(f".//{NS}main")) == 1
    for landmark in ("header", "nav", "footer"):
        assert tree.find(f".//{NS}{landmark}") is not None, landmark
    levels = [int(el.tag[-1]) for el in tree.iter() if el.tag in {f"{NS}h{i}" for i in range(1, 7)}]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    labelled = {el.get("for") for el in tree.iter(f"{NS}label")}
    for control in tree.iter(f"{NS}input"):
        if control.get("type") not in ("hidden", "submit"):
            assert control.get("id") in labelled, f"unlabelled {control.get('name')}"
