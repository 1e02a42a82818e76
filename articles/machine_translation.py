"""Machine-translation engines: text in one language in, text in another out; no database.

Two engines, chosen by the settings (docs/translation-workflow.md):

- DeepL, through the official `deepl` package, when `NEWSROOM_DEEPL_AUTH_KEY` is set
  (`NEWSROOM_DEEPL_SERVER_URL` points it elsewhere: DeepL's free API, a proxy, the tests'
  fake server).
- A LibreTranslate-compatible server, when `NEWSROOM_MT_URL` is set: `POST /translate`
  with `q` (a list), `source`, `target`, `format=text` and `api_key` if
  `NEWSROOM_MT_API_KEY` is set, answering `{"translatedText": [...]}`.

DeepL wins when both are set. Each engine translates a list of passages, up to `BATCH` a
request, and returns them in order, one for one: the caller sends a story paragraph by paragraph,
so a paragraph stays a paragraph and a finding can point at it.

Every failure (refused key, quota, timeout, an answer of the wrong shape) is one
`EngineError` whose message an editor can act on; the caller then changes nothing.
Retries are off (`deepl` would otherwise retry five times with back-off while the editor
waits): the editor presses the button again.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _


class EngineError(Exception):
    """The engine could not translate; the message says why, for an editor."""


class Engine(Protocol):
    name: str

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]: ...


#: DeepL's target codes where they differ from the site's ("EN" alone is refused as a target).
_DEEPL_TARGETS = {"en": "EN-GB"}


@dataclass
class DeepLEngine:
    auth_key: str
    server_url: str | None = None
    timeout: float = 20.0
    name: str = "DeepL"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        return _in_batches(self._translate, texts, source=source, target=target)

    def _translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        import deepl

        # Module-wide in `deepl`: no retries, and the site's timeout for every request.
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = self.timeout
        try:
            translator = deepl.Translator(
                self.auth_key, server_url=self.server_url or None, send_platform_info=False
            )
            results = translator.translate_text(
                texts,
                source_lang=source.upper(),
                target_lang=_DEEPL_TARGETS.get(target, target.upper()),
                preserve_formatting=True,
            )
        except deepl.AuthorizationException as exc:
            raise EngineError(
                _("DeepL refused the key (NEWSROOM_DEEPL_AUTH_KEY): %(error)s") % {"error": exc}
            ) from exc
        except deepl.QuotaExceededException as exc:
            raise EngineError(_("DeepL's quota for this key is used up.")) from exc
        except deepl.DeepLException as exc:
            raise EngineError(_("DeepL could not translate: %(error)s") % {"error": exc}) from exc
        except (
            TypeError,
            ValueError,
            KeyError,
            AttributeError,
        ) as exc:  # an answer of another shape
            raise EngineError(_("DeepL gave an answer this site cannot read.")) from exc
        results = results if isinstance(results, list) else [results]
        return _one_for_one(self.name, texts, [r.text for r in results])


@dataclass
class LibreTranslateEngine:
    url: str
    api_key: str = ""
    timeout: float = 20.0
    name: str = "LibreTranslate"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        return _in_batches(self._translate, texts, source=source, target=target)

    def _translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        payload = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(
            self.url.rstrip("/") + "/translate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise EngineError(
                _("The translation server at %(url)s answered %(status)s: %(error)s")
                % {"url": self.url, "status": exc.code, "error": _error_of(exc)}
            ) from exc
        except TimeoutError as exc:
            raise EngineError(
                _("The translation server at %(url)s did not answer within %(seconds)s seconds.")
                % {"url": self.url, "seconds": f"{self.timeout:g}"}
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise EngineError(
                    _(
                        "The translation server at %(url)s did not answer within "
                        "%(seconds)s seconds."
                    )
                    % {"url": self.url, "seconds": f"{self.timeout:g}"}
                ) from exc
            raise EngineError(
                _("The translation server at %(url)s cannot be reached: %(error)s")
                % {"url": self.url, "error": reason}
            ) from exc
        except ValueError as exc:
            raise EngineError(
                _("The translation server at %(url)s did not answer in JSON.") % {"url": self.url}
            ) from exc
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise EngineError(
                _("The translation server at %(url)s gave no translation.") % {"url": self.url}
            )
        return _one_for_one(self.name, texts, translated)


#: Passages per request: DeepL takes at most 50 texts in one call.
BATCH = 50


def _in_batches(translate, texts: list[str], *, source: str, target: str) -> list[str]:
    """`translate` over `texts` BATCH at a time (a long story has more paragraphs than that)."""
    out: list[str] = []
    for start in range(0, len(texts), BATCH):
        out.extend(translate(texts[start : start + BATCH], source=source, target=target))
    return out


def _error_of(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read().decode("utf-8"))
        return str(body.get("error") or exc.reason)
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)


def _one_for_one(name: str, texts: list[str], translated: list[str]) -> list[str]:
    if len(translated) != len(texts):
        raise EngineError(
            _("%(engine)s returned %(got)d passages for %(sent)d; nothing was changed.")
            % {"engine": name, "got": len(translated), "sent": len(texts)}
        )
    return translated


def configured_engine() -> Engine | None:
    """The engine the settings configure, or None (`how_to_configure` says what to set)."""
    timeout = settings.NEWSROOM_MT_TIMEOUT
    if settings.NEWSROOM_DEEPL_AUTH_KEY:
        return DeepLEngine(
            auth_key=settings.NEWSROOM_DEEPL_AUTH_KEY,
            server_url=settings.NEWSROOM_DEEPL_SERVER_URL or None,
            timeout=timeout,
        )
    if settings.NEWSROOM_MT_URL:
        return LibreTranslateEngine(
            url=settings.NEWSROOM_MT_URL, api_key=settings.NEWSROOM_MT_API_KEY, timeout=timeout
        )
    return None


def how_to_configure() -> str:
    return _(
        "No machine-translation engine is configured. Set NEWSROOM_DEEPL_AUTH_KEY (DeepL) or "
        "NEWSROOM_MT_URL (a LibreTranslate server, with NEWSROOM_MT_API_KEY if it needs one) "
        "in the server's environment; docs/translation-workflow.md explains both."
    )
