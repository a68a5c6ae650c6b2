"""Walk the site from / and print up to N same-site page paths that answer 200.

Used by ``bench/load.sh`` to build the load mix: breadth-first from the home
page, so the mix holds the home page, the lists, the film page and the pages
they link to (people, sources, awards, search, filters, pagination).
"""

import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIP = ("/static/", "/admin", "/healthz", "/sitemap.xml", "/robots.txt")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def walk(base, limit):
    seen, queue, found = {"/"}, ["/", "/search/?q=her"], []
    while queue and len(found) < limit:
        path = queue.pop(0)
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - localhost
            if response.status != 200:
                continue
            found.append(path)
            parser = Links()
            parser.feed(response.read().decode())
        for href in parser.links:
            parts = urlsplit(urljoin(base + path, href))
            if parts.netloc != urlsplit(base).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not target.startswith(SKIP):
                seen.add(target)
                queue.append(target)
    return found


if __name__ == "__main__":
    for path in walk(sys.argv[1], int(sys.argv[2])):
        sys.stdout.write(path + "\n")
