"""Compress reader pages (HTML, feeds, the sitemap) when the client accepts gzip.

Django's GZipMiddleware, limited to public reads (newsroom.db_router): GET or
HEAD, outside the admin, without a session cookie. Those pages are the same
for every reader and carry no secret, so compressing them is safe: BREACH
needs a secret (a CSRF token, a session's data) in a compressed response that
also reflects the attacker's input. The admin and signed-in pages hold such
tokens and are left uncompressed. Static files are not touched: WhiteNoise
serves its own precompressed copies (brotli and gzip, made by collectstatic).
"""

from django.middleware.gzip import GZipMiddleware

from newsroom.db_router import is_public_read


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_public_read(request):
            return response
        return super().process_response(request, response)
