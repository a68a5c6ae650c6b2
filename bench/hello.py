"""A bare WSGI "hello" app: the ceiling the site's throughput is compared with.

``bench/throughput.py`` serves it with the same gunicorn settings as ``make run``
serves the site, in the same run, and reports every throughput as a ratio to it.
"""

BODY = b"hello\n"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
