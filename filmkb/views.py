from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from filmkb import health


@never_cache
@require_safe
def healthz(request):
    """200 when the site can serve pages (status "degraded" if the cache is down);
    503 when the database does not answer. The body names each dependency's state."""
    status, body = health.report()
    return JsonResponse(body, status=status)


def csrf_failure(request, reason=""):
    """The styled 403 page for a form sent without a valid CSRF token (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
