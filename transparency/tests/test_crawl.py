"""An anonymous visitor who follows every link from the home page, the sign-in page and the public
pages finds the published directive and its open data, and nothing of a directive not published."""

import re
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from .conftest import SECRET_NUMBER, SECRET_SUBJECT

LINK = re.compile(r'href="([^"#]*)')


def crawl(client, starts: list[str], limit: int = 200) -> dict[str, int]:
    """Every same-site address reachable from ``starts`` by links and redirects, with its status."""
    seen: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        body = response.content.decode("utf-8", "replace")
        assert SECRET_NUMBER not in body and SECRET_SUBJECT not in body, path
        found = [response["Location"]] if response.status_code in (301, 302) else []
        if response.get("Content-Type", "").startswith("text/html"):
            found += [link.replace("&amp;", "&") for link in LINK.findall(body)]
        for link in found:
            target = urlsplit(urljoin(path, link))
            if target.netloc in ("", "testserver") and not target.path.startswith("/static/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def test_an_anonymous_crawl_finds_the_published_directive_and_nothing_unpublished(client, published):
    world = published
    seen = crawl(client, ["/", reverse("login"), reverse("transparency:index")])
    assert all(status < 500 for status in seen.values()), seen
    for name in ("transparency:directive", "transparency:directive_csv", "transparency:directive_json"):
        assert seen.get(reverse(name, args=[world.directive.pk])) == 200, seen
    assert len(seen) >= 6
