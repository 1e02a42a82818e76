# Varnish in front of Newsroom's gunicorn (Debian's varnish 7.x).
#
#   varnishd -a :80 -f /path/to/newsroom.vcl -s malloc,256m
#
# Newsroom says what may be cached (articles/http_cache.py): reader pages carry
# `Cache-Control: public, max-age, s-maxage, stale-while-revalidate`, an ETag and
# `Surrogate-Key`; everything else (the admin, signed-in readers, unknown query
# parameters, errors) is not public and passes. It purges on every change
# (articles/purging.py, NEWSROOM_PURGE_BACKEND=http,
# NEWSROOM_PURGE_HTTP_SERVERS=http://127.0.0.1:80): `PURGE /` with
# `X-Purge-Keys: article-12 edition-fr sitemap` bans every object tagged with one
# of the keys; `PURGE /fr/some-story/` removes that URL.
vcl 4.1;

# The application server (GUNICORN_BIND). The Varnish test rewrites this port.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge-Keys) {
            # Keys are [a-z0-9-]; match whole words of the object's Surrogate-Key.
            ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.X-Purge-Keys, "\s+", "|") + ")(\s|$)");
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, and anyone signed in: never from or into the cache.
    if (req.url ~ "^/admin(/|$)" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Reader pages do not read cookies; `/` does (the edition cookie) and is not public.
    if (req.url != "/") {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_response {
    # Keep only what the application offers to shared caches.
    if (beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # TTL comes from s-maxage, grace from stale-while-revalidate; keep the object a
    # while longer so an expired one is revalidated with If-None-Match (a 304).
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache; readers need not see them.
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
