"""Headers every response carries beside Django's and django-csp's.

- `Permissions-Policy`: no page of the site uses the camera, microphone,
  location or other powerful features, so none may be used (not even by an
  embed an imported text could one day bring).
- The Content-Security-Policy of every page outside the admin without
  `style-src 'unsafe-inline'`: reader pages have no inline style (their CSS is
  `articles/static/articles/site.css`), so an injected `style` attribute stays
  inert; only the admin, whose widgets set style attributes, keeps it
  (settings.CONTENT_SECURITY_POLICY).

Outermost in MIDDLEWARE, so it also sees the pages served from the page cache.
"""

from __future__ import annotations

from django.urls import reverse

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)
CSP = "Content-Security-Policy"


class SiteHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        policy = response.headers.get(CSP)
        if policy and not request.path.startswith(reverse("admin:index")):
            response.headers[CSP] = strict_styles(policy)
        return response


def strict_styles(policy: str) -> str:
    """`policy` with `'unsafe-inline'` taken out of its style-src directive."""
    directives = []
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0] == "style-src":
            directive = " ".join(word for word in words if word != "'unsafe-inline'")
        directives.append(directive.strip())
    return "; ".join(d for d in directives if d)
