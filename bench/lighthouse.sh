#!/usr/bin/env bash
# Lighthouse's scores (performance, accessibility, best practices, SEO) of the front page and
# a story page, in two editions, as a reader's browser gets them.
#
#   bench/lighthouse.sh
#
# Installs Lighthouse with npm into $LIGHTHOUSE_DIR (default /tmp/newsroom-lighthouse, outside
# the repository) once; runs it with Debian's Chromium ($CHROME_PATH, /usr/bin/chromium),
# headless. The site: a fresh SQLite database (bench/out/lighthouse/), the seed bundle
# imported and published as the demo does (`import_seeds`, `load_demo`: real stories in
# several editions), served by gunicorn with production settings (gunicorn.conf.py, DEBUG
# off, compression and static files as deployed) on 127.0.0.1:$PORT, started here and
# stopped by its process id. Reports: bench/out/lighthouse/*.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
LIGHTHOUSE_DIR="${LIGHTHOUSE_DIR:-/tmp/newsroom-lighthouse}"
LIGHTHOUSE_VERSION="${LIGHTHOUSE_VERSION:-12.8.2}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PORT="${PORT:-18121}"
OUT="$ROOT/bench/out/lighthouse"
SITE="http://127.0.0.1:$PORT"

LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LIGHTHOUSE" ]; then
    mkdir -p "$LIGHTHOUSE_DIR"
    npm install --no-audit --no-fund --prefix "$LIGHTHOUSE_DIR" "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi

export DJANGO_SECRET_KEY="bench-only-not-a-secret-$(printf 'k%.0s' $(seq 40))"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0
export DATABASE_URL="sqlite:///$OUT/site.sqlite3" DJANGO_STATIC_ROOT="$OUT/static"
export GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning WEB_CONCURRENCY=2
unset DJANGO_DEBUG CACHE_URL

cd "$ROOT"
rm -rf "$OUT"
mkdir -p "$OUT"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py import_seeds -v0
"$PY" manage.py load_demo --site-url "$SITE/" -v0
"$PY" manage.py collectstatic --noinput -v0
# A story published in the most editions, and its German and French pages.
read -r DE_STORY FR_STORY <<<"$("$PY" manage.py shell -v0 -c "
from django.db.models import Count
from django.utils import translation
from articles.models import Article
story = Article.objects.live().annotate(n=Count('versions')).order_by('-n', 'pk').first()
with translation.override('de'): de = story.get_absolute_url()
with translation.override('fr'): fr = story.get_absolute_url()
print(de, fr)")"

GUNICORN_BIND="127.0.0.1:$PORT" "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -fs -o /dev/null "$SITE/de/" && break
    sleep 0.2
done

for page in "front-de=/de/" "story-de=$DE_STORY" "front-fr=/fr/" "story-fr=$FR_STORY"; do
    name="${page%%=*}"
    "$LIGHTHOUSE" "$SITE${page#*=}" --quiet --output=json --output-path="$OUT/$name.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu"
    "$PY" - "$OUT/$name.json" "$name" <<'EOF'
import json, sys

report = json.load(open(sys.argv[1]))
scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
failed = [
    audit_id
    for audit_id in (ref["id"] for ref in report["categories"]["seo"]["auditRefs"])
    if report["audits"][audit_id]["score"] not in (None, 1)
]
print(
    f"{sys.argv[2]:9} performance {scores['performance']:3}  accessibility "
    f"{scores['accessibility']:3}  best-practices {scores['best-practices']:3}  "
    f"seo {scores['seo']:3}  {report['finalDisplayedUrl']}"
    + (f"  SEO audits short of 1: {', '.join(failed)}" if failed else "")
)
EOF
done
