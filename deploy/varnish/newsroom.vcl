# Varnish in front of Newsroom's gunicorn (Debian's varnish 7.x).
#
#   varnishd -a http=:80 -a tls=127.0.0.1:8443,PROXY -f /path/to/newsroom.vcl -s malloc,256m
#
# TLS: Varnish does not speak it. A TLS terminator (hitch, nginx, haproxy) in
# front of it takes the HTTPS connections and hands them to the `tls` listener
# (with the PROXY protocol, so the client's address survives); plain HTTP comes
# in on `http`. The scheme the application sees (X-Forwarded-Proto, read by
# Django's SECURE_PROXY_SSL_HEADER) is set here from the listener, never taken
# from the client: otherwise one request saying `X-Forwarded-Proto: https`
# would put https links and a Strict-Transport-Security header into the page
# every later reader gets. The scheme is also part of the cache key. Nothing
# but the terminator may reach the `tls` listener (bind it to loopback).
#
# Compression: the application gzips reader pages (Vary: Accept-Encoding);
# Varnish keeps the gzipped object (http_gzip_support, on by default: it asks
# the backend for gzip and stores one object) and unzips it for the rare client
# that does not accept gzip.
#
# Newsroom says what may be cached (articles/http_cache.py): reader pages carry
# `Cache-Control: public, max-age, s-maxage, stale-while-revalidate`, an ETag and
# `Surrogate-Key`; everything else (the admin, signed-in readers, unknown query
# parameters, errors) is not public and passes. It purges on every change
# (articles/purging.py, NEWSROOM_PURGE_BACKEND=http,
# NEWSROOM_PURGE_HTTP_SERVERS=http://127.0.0.1:80): `PURGE /` with
# `X-Purge-Keys: article-12 edition-fr sitemap` bans every object tagged with one
# of the keys; `PURGE /fr/some-story/` bans that URL (in both schemes).
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
    # The scheme is the listener's, whatever the client sent (see the top of this file).
    if (local.socket == "tls") {
        set req.http.X-Forwarded-Proto = "https";
    } else {
        set req.http.X-Forwarded-Proto = "http";
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge-Keys) {
            # Keys are [a-z0-9-]; match whole words of the object's Surrogate-Key.
            ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.X-Purge-Keys, "\s+", "|") + ")(\s|$)");
            return (synth(200, "Banned"));
        }
        # One URL, in both schemes (two objects: see vcl_hash).
        ban("obj.http.X-Url == " + req.url + " && obj.http.X-Host == " + req.http.host);
        return (synth(200, "Banned"));
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

sub vcl_hash {
    # Pages carry absolute links and HSTS by scheme: an http and an https page are two
    # objects. The built-in vcl_hash adds the URL and the host after this.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Keep only what the application offers to shared caches.
    if (beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # What a purge by URL matches (bans on obj.* only: the ban lurker can apply them).
    set beresp.http.X-Url = bereq.url;
    set beresp.http.X-Host = bereq.http.host;
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
    unset resp.http.X-Url;
    unset resp.http.X-Host;
}
