"""Admin sign-in lockout (django-axes): the client's address and the lockout page.

* ``client_ip`` (AXES_CLIENT_IP_CALLABLE): the address a lockout is keyed on.
  With ``TRUSTED_PROXY_COUNT`` = 0 (the default) it is the socket's address
  and ``X-Forwarded-For`` is ignored: a client could write anything there.
  Behind N reverse proxies, every request arrives from the nearest proxy, so
  the socket's address is the same for everyone and five wrong passwords
  would lock a curator out for everybody. Then the client's address is the
  N-th entry from the right of ``X-Forwarded-For``: each trusted proxy
  appends the address it received the request from, so that entry was
  written by the outermost trusted proxy, and entries a client sent itself
  stand further left and are never used. A request whose header is missing,
  too short or malformed (it did not come through all the proxies) falls
  back to the socket's address.
* ``lockout_response`` (AXES_LOCKOUT_CALLABLE): the styled 429 page.
"""

import ipaddress

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says."""
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    response = render(request, "lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
