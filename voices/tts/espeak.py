"""eSpeak NG through ctypes: about 100 languages, Korean included, in milliseconds.

The library and its data come from the ``espeakng_loader`` package (or any paths given, e.g.
Debian's ``libespeak-ng.so.1`` and ``/usr/lib/x86_64-linux-gnu/espeak-ng-data``). eSpeak NG
keeps one global state per loaded library and is not thread-safe, so every
:class:`EspeakSynthesizer` over the same library file shares one engine, and each call into any
of them holds :data:`_LOCK`. A library is initialised when the first synthesizer over it is
constructed (a few milliseconds); nothing is loaded at import.

Piper bundles its own statically linked copy of eSpeak NG for phonemes; that copy has separate
state, so the two do not disturb each other.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from pathlib import Path

from voices.tts.base import SynthesisError, SynthesizedSpeech, VoiceParams

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # report a bad data path instead of calling exit()
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH = 1, 2, 3
_EE_OK = 0

NORMAL_WPM = 175
"""eSpeak NG's default rate; ``VoiceParams.rate`` multiplies it."""

_LOCK = threading.Lock()
"""Serialises every call into the library: its state (voice, rate, callback) is global."""

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Voice(ctypes.Structure):
    """``espeak_VOICE`` from speak_lib.h. ``languages`` is a list of (priority byte, name)."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


def espeak_rate(rate: float) -> int:
    """Words per minute for a rate multiple, within eSpeak NG's 80–450."""
    return min(max(round(NORMAL_WPM * rate), 80), 450)


def espeak_pitch(pitch: float) -> int:
    """eSpeak NG's 0–100 pitch (50 is normal) for a multiple in 0.5–1.5: the whole range."""
    return min(max(round(50 + (pitch - 1.0) * 100), 0), 100)


def espeak_volume(volume: float) -> int:
    """eSpeak NG's 0–200 amplitude (100 is normal)."""
    return min(max(round(volume * 100), 0), 200)


@dataclass
class _Engine:
    """One initialised copy of the library, and where its callback puts the samples."""

    library_path: Path
    data_path: Path
    lib: ctypes.CDLL
    sample_rate: int
    languages: frozenset[str] = frozenset()
    chunks: list[bytes] = field(default_factory=list)
    callback: object = None  # kept referenced: the C library calls it after we return

    def collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _event: int | None) -> int:
        if wav and count > 0:
            self.chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = go on synthesising


_ENGINES: dict[tuple[int, int], _Engine] = {}
"""Started engines by the library file's identity (device, inode), as the dynamic loader sees
it: one file opened twice is one state; two copies of the library are two separate states."""


def _declare(lib: ctypes.CDLL) -> None:
    """Argument and result types, so ctypes converts pointers and sizes correctly on 64 bits."""
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
    lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_Voice)]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    lib.espeak_Synchronize.argtypes = []


def _list_languages(lib: ctypes.CDLL) -> frozenset[str]:
    """Every language code of every installed voice (``ko``, ``en-us``, ``pt-br``, …)."""
    languages: set[str] = set()
    voices = lib.espeak_ListVoices(None)
    index = 0
    while voices[index]:
        address = voices[index].contents.languages
        # Each entry: one priority byte (0 ends the list), then a NUL-terminated name.
        while address and ctypes.c_ubyte.from_address(address).value:
            name = ctypes.string_at(address + 1)
            languages.add(name.decode("ascii", "replace").lower())
            address += 2 + len(name)
        index += 1
    return frozenset(languages)


def _start(library_path: Path, data_path: Path) -> _Engine:
    try:
        lib = ctypes.CDLL(str(library_path))
    except OSError as exc:
        raise SynthesisError(f"could not load the eSpeak NG library {library_path}: {exc}") from exc
    _declare(lib)
    rate = lib.espeak_Initialize(
        _AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data_path).encode(), _INITIALIZE_DONT_EXIT
    )
    if rate <= 0:
        raise SynthesisError(f"eSpeak NG could not start with its data in {data_path}")
    engine = _Engine(library_path, data_path, lib, rate)
    engine.callback = _SynthCallback(engine.collect)
    lib.espeak_SetSynthCallback(engine.callback)
    engine.languages = _list_languages(lib)
    return engine


def _engine(library_path: Path, data_path: Path) -> _Engine:
    try:
        stat = library_path.stat()
    except OSError as exc:
        raise SynthesisError(f"no eSpeak NG library at {library_path}: {exc}") from exc
    key = (stat.st_dev, stat.st_ino)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = _start(library_path, data_path)
        elif engine.data_path != data_path:
            raise SynthesisError(
                f"the eSpeak NG library {library_path} already runs with its data in "
                f"{engine.data_path}; it has one state per process, so it cannot also use "
                f"{data_path}"
            )
        return engine


def _default_paths() -> tuple[Path, Path]:
    try:
        import espeakng_loader
    except ImportError as exc:
        raise ImportError(
            "eSpeak NG needs the espeakng-loader package: pip install 'modu[espeak]' "
            "(or pass library_path and data_path of an installed eSpeak NG)"
        ) from exc
    return Path(espeakng_loader.get_library_path()), Path(espeakng_loader.get_data_path())


class EspeakSynthesizer:
    """Speaks every language eSpeak NG has; the voice is chosen from ``params.language``."""

    def __init__(self, library_path: Path | None = None, data_path: Path | None = None) -> None:
        if library_path is None or data_path is None:
            default_library, default_data = _default_paths()
            library_path = library_path or default_library
            data_path = data_path or default_data
        self._engine = _engine(library_path.resolve(), data_path.resolve())

    @property
    def name(self) -> str:
        return "espeak-ng"

    @property
    def sample_rate(self) -> int:
        return self._engine.sample_rate

    @property
    def languages(self) -> frozenset[str]:
        return self._engine.languages

    def supports(self, language: str) -> bool:
        return self._voice_language(language) is not None

    def synthesize(self, text: str, params: VoiceParams) -> SynthesizedSpeech:
        language = self._voice_language(params.language)
        if language is None:
            raise SynthesisError(f"eSpeak NG has no voice for language {params.language!r}")
        with _LOCK:
            pcm16 = self._speak(text, language, params)
        return SynthesizedSpeech(
            pcm16=pcm16,
            sample_rate=self._engine.sample_rate,
            engine=self.name,
            voice=language,
            text=text,
        )

    def _voice_language(self, language: str) -> str | None:
        """The eSpeak NG language for an ISO code: ``ko-KR`` → ``ko``, ``en-US`` → ``en-us``."""
        wanted = language.strip().lower().replace("_", "-")
        for candidate in (wanted, wanted.split("-")[0]):
            if candidate in self._engine.languages:
                return candidate
        return None

    def _speak(self, text: str, language: str, params: VoiceParams) -> bytes:
        """Synthesise while holding the lock; the callback fills ``chunks``."""
        lib, engine = self._engine.lib, self._engine
        name = ctypes.create_string_buffer(language.encode("ascii"))
        spec = _Voice(languages=ctypes.addressof(name))
        self._check(lib.espeak_SetVoiceByProperties(ctypes.byref(spec)), "select voice", language)
        for parameter, value in (
            (_PARAM_RATE, espeak_rate(params.rate)),
            (_PARAM_PITCH, espeak_pitch(params.pitch)),
            (_PARAM_VOLUME, espeak_volume(params.volume)),
        ):
            self._check(lib.espeak_SetParameter(parameter, value, 0), "set parameter", language)
        engine.chunks.clear()
        data = text.encode("utf-8") + b"\0"
        status = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        self._check(status, "speak", language)
        lib.espeak_Synchronize()
        pcm16 = b"".join(engine.chunks)
        engine.chunks.clear()
        return pcm16

    @staticmethod
    def _check(status: int, action: str, language: str) -> None:
        if status != _EE_OK:
            raise SynthesisError(f"eSpeak NG could not {action} for {language!r} (error {status})")
