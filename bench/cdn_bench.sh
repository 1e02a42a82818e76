#!/usr/bin/env bash
# Newsroom's article and front page through Varnish, and uncached, beside the anchors.
#
#   bench/cdn_bench.sh [--label TEXT]
#
# One run of ../shared/anchors/run_anchors.sh (a bare Django view, a static file through
# WhiteNoise's WSGI wrapper, a Wagtail 8 + wagtail-localize peer; started, measured with
# wrk and stopped by that script), with four extra targets started here on 127.0.0.1:
#
#   ours-article, ours-front       gunicorn (gunicorn.conf.py, production settings, 2
#                                  workers; database connections kept between requests,
#                                  DATABASE_CONN_MAX_AGE's production default), no
#                                  CACHE_URL: every request renders
#   varnish-article, varnish-front Debian's varnishd with deploy/varnish/newsroom.vcl in
#                                  front of a second gunicorn with CACHE_URL ($REDIS_URL,
#                                  keys prefixed) and NEWSROOM_HTTP_CACHE=1, page cache off
#
# Without varnishd on the machine the varnish-* targets are left out (said on stderr).
# The article is the German version of a story, the front page the Indonesian edition
# (10 stories a page), as the peer's C-article / C-index. The database (1,000 published
# versions, bench/sitegen.py) is made once: bench/out/cdn_1k.sqlite3. Every server
# started here is stopped by its process id. Results: the anchors' results folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ANCHORS="${ANCHORS:-$ROOT/../shared/anchors/run_anchors.sh}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
LABEL="cdn-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --label) LABEL="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
PY="$ROOT/.venv/bin/python"
OUT="$ROOT/bench/out"
DB="$OUT/cdn_1k.sqlite3"
mkdir -p "$OUT"
VARNISHD="$(command -v varnishd || echo /usr/sbin/varnishd)"

export DJANGO_SECRET_KEY="bench-only-not-a-secret-$(printf 'k%.0s' $(seq 40))"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0
export DATABASE_URL="sqlite:///$DB" DJANGO_STATIC_ROOT="$OUT/static"
export GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning WEB_CONCURRENCY=2
unset DJANGO_DEBUG CACHE_URL

cd "$ROOT"
if [ ! -f "$DB" ]; then
    "$PY" manage.py migrate --noinput -v0
    "$PY" bench/sitegen.py generate --articles 200 >/dev/null
fi
"$PY" manage.py collectstatic --noinput -v0
SLUG="$("$PY" manage.py shell -v0 -c "from articles.models import Article; print(Article.objects.edition('de').values_list('slug_de', flat=True).first())")"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

PORT_U="$(free_port)"
GUNICORN_BIND="127.0.0.1:$PORT_U" "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py &
PIDS+=("$!")
VARNISH_TARGETS=()
if [ ! -x "$VARNISHD" ]; then
    # The uncached pages are what the targets are about: measure them without Varnish.
    echo "cdn_bench: no varnishd ($VARNISHD): measuring without the varnish-* targets" >&2
else
    PORT_V="$(free_port)"
    CACHE_URL="$REDIS_URL" CACHE_KEY_PREFIX=newsroom-cdn-bench NEWSROOM_PAGE_CACHE_SECONDS=0 NEWSROOM_HTTP_CACHE=1 \
        GUNICORN_BIND="127.0.0.1:$PORT_V" "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py &
    PIDS+=("$!")
    PORT_VARNISH="$(free_port)"
    rm -rf "$OUT/varnish"; mkdir -p "$OUT/varnish"
    sed "s/\.port = \"8000\";/.port = \"$PORT_V\";/" deploy/varnish/newsroom.vcl > "$OUT/varnish/newsroom.vcl"
    "$VARNISHD" -F -j none -n "$OUT/varnish/work" -a "127.0.0.1:$PORT_VARNISH" -T none \
        -f "$OUT/varnish/newsroom.vcl" -s malloc,64m >"$OUT/varnish/varnishd.log" 2>&1 &
    PIDS+=("$!")
    VARNISH_TARGETS=(
        --extra "varnish-article=http://127.0.0.1:$PORT_VARNISH/de/$SLUG/"
        --extra "varnish-front=http://127.0.0.1:$PORT_VARNISH/id/"
    )
fi

"$ANCHORS" --label "$LABEL" \
    --extra "ours-article=http://127.0.0.1:$PORT_U/de/$SLUG/" \
    --extra "ours-front=http://127.0.0.1:$PORT_U/id/" \
    "${VARNISH_TARGETS[@]}"
