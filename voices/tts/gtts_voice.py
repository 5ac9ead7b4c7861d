"""gTTS: Google Translate's voices (good Korean), online only, with a timeout.

gTTS 2.2.4 sends its requests with no timeout and with TLS verification switched off
(``verify=False``). So gTTS is used here for what it knows (its text splitting into
≤100-character parts and the request body format) and the requests themselves go through
httpx, with a timeout and certificate checks. Its language list is local; nothing is fetched
to answer :meth:`GttsSynthesizer.supports`.
"""

from __future__ import annotations

import base64
import re

import httpx
import numpy as np

from voices.audio import Audio, AudioDecodeError, decode_audio
from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams

try:
    from gtts import gTTS
    from gtts.lang import tts_langs
except ImportError as exc:  # the optional extra is not installed
    raise ImportError("the online voice needs gTTS: pip install 'modu[gtts]'") from exc

_ENDPOINT = "https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"
# The audio comes back base64-encoded inside a JSON-in-JSON line (gTTS's own pattern).
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*)\\"]')
SLOW_BELOW_RATE = 0.8
"""Google has two paces; rates below this ask for the slow one."""


class GttsSynthesizer:
    """Speaks through Google Translate. Raises :class:`SynthesisError` when the network fails.

    ``client`` is for tests (an ``httpx.MockTransport``) or a shared connection pool, which
    its owner closes; without one, each call opens and closes its own connections.
    """

    def __init__(
        self, timeout_s: float = 5.0, *, tld: str = "com", client: httpx.Client | None = None
    ) -> None:
        if timeout_s <= 0:
            raise ValueError(f"expected timeout_s > 0; got {timeout_s}")
        self.timeout_s = timeout_s
        self.tld = tld
        self._client = client
        self._languages = frozenset(code.lower() for code in tts_langs())

    @property
    def name(self) -> str:
        return "gtts"

    def supports(self, language: str) -> bool:
        return self._google_language(language) is not None

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        language = self._google_language(params.language)
        if language is None:
            raise SynthesisError(f"gTTS has no voice for language {params.language!r}")
        bodies = self._bodies(text, language, params.rate)
        if self._client is not None:
            mp3 = b"".join(self._fetch(self._client, body) for body in bodies)
        else:
            with httpx.Client(timeout=self.timeout_s) as client:
                mp3 = b"".join(self._fetch(client, body) for body in bodies)
        audio = self._decode(mp3).gain(params.volume) if mp3 else _empty()
        return SynthesizedSpeech(
            pcm16=audio.to_pcm16(),
            sample_rate=audio.sample_rate,
            engine=self.name,
            voice=f"gtts-{language}",
            text=text,
        )

    def _google_language(self, language: str) -> str | None:
        """Google's code for an ISO code: ``ko-KR`` → ``ko``, ``zh-TW`` stays ``zh-tw``."""
        wanted = language.strip().lower().replace("_", "-")
        for candidate in (wanted, wanted.split("-")[0]):
            if candidate in self._languages:
                return candidate
        return None

    def _bodies(self, text: str, language: str, rate: float) -> list[str]:
        if not any(ch.isalnum() for ch in text):
            return []  # gTTS asserts there is something left to say after its clean-up
        slow = rate < SLOW_BELOW_RATE
        # lang_check=False: gTTS would only look the code up in the same local list.
        request = gTTS(text, tld=self.tld, lang=language, slow=slow, lang_check=False)
        bodies: list[str] = request.get_bodies()
        return bodies

    def _fetch(self, client: httpx.Client, body: str) -> bytes:
        url = _ENDPOINT.format(tld=self.tld)
        try:
            response = client.post(url, content=body, headers=gTTS.GOOGLE_TTS_HEADERS)
            response.raise_for_status()
        except httpx.TimeoutException as exc:
            raise SynthesisError(f"gTTS: no answer from {url} within {self.timeout_s} s") from exc
        except httpx.HTTPError as exc:  # connection refused, DNS failure, HTTP 4xx/5xx, …
            raise SynthesisError(f"gTTS could not reach Google ({url}): {exc}") from exc
        found = _AUDIO.search(response.text)
        if found is None:
            raise SynthesisError("gTTS: Google answered without audio (format changed?)")
        return base64.b64decode(found.group(1))

    @staticmethod
    def _decode(mp3: bytes) -> Audio:
        try:
            return decode_audio(mp3)
        except AudioDecodeError as exc:
            raise SynthesisError(f"gTTS returned audio that could not be decoded: {exc}") from exc


def _empty() -> Audio:
    return Audio(np.zeros(0, dtype=np.float32), 24_000)
