"""``modu verify`` and ``modu keys init``: what the commands print, and their exit codes.

``modu verify FILE``: 0 when modu made the file and its signature is valid (trusted or not),
1 when the manifest fails or is not modu's, 2 when there is no manifest. ``modu verify text``:
0 when the watermark is found, 1 when it is not (or the text is too short), 2 when this
installation cannot check (its engine does not watermark, or it has no key).
"""

from __future__ import annotations

import json
from pathlib import Path

from accessibility.provenance import (
    ProvenanceError,
    ProvenanceReport,
    make_dev_certificate,
    read_provenance_for_settings,
)
from accessibility.provenance.formats import mime_for_extension
from accessibility.watermark import (
    WatermarkKeyError,
    WatermarkScore,
    make_watermark_keys,
    score_text,
    watermark_for_settings,
    watermark_unavailable,
)
from service.settings import Settings

OK, FAILED, CANNOT_CHECK = 0, 1, 2


def audio_exit_code(report: ProvenanceReport) -> int:
    if not report.has_manifest:
        return CANNOT_CHECK
    return OK if report.made_by_modu and report.signature_valid else FAILED


def verify_audio_file(path: Path, settings: Settings, *, as_json: bool = False) -> tuple[str, int]:
    """The report on ``path`` (plain words in English and Korean, or JSON) and the exit code."""
    try:
        data = path.read_bytes()
        report = read_provenance_for_settings(
            data, mime_for_extension(path.suffix) or "application/octet-stream", settings.provenance
        )
    except (OSError, ProvenanceError) as error:
        return f"Cannot check {path}: {error} / 확인할 수 없습니다.", CANNOT_CHECK
    code = audio_exit_code(report)
    if as_json:
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2), code
    return f"{path}\n{report.plain_words('en')}\n{report.plain_words('ko')}", code


def verify_text(text: str, settings: Settings, *, as_json: bool = False) -> tuple[str, int]:
    """Score ``text`` with the configured transformers model's tokenizer and keys."""
    from service.engines import build_local_language_model
    from voices.lm.base import LanguageModelError
    from voices.lm.transformers_engine import TransformersLanguageModel

    reason = watermark_unavailable(settings.lm.engine, settings.provenance)
    if reason is not None:
        return " / ".join(reason), CANNOT_CHECK
    try:
        config = watermark_for_settings(settings.provenance, create=False)
        engine = build_local_language_model(settings)
        if config is None or not isinstance(engine, TransformersLanguageModel):
            return "No watermark is configured. / 워터마크 설정이 없습니다.", CANNOT_CHECK
        score: WatermarkScore = score_text(text, engine.load_tokenizer(), config)
    except (WatermarkKeyError, LanguageModelError) as error:
        return f"Cannot check: {error} / 확인할 수 없습니다.", CANNOT_CHECK
    code = OK if score.watermarked else FAILED
    if as_json:
        return json.dumps(score.model_dump(mode="json"), indent=2), code
    return f"{score.verdict('en')}\n{score.verdict('ko')}", code


def run_verify(
    settings: Settings,
    target: str,
    text: str | None,
    text_file: Path | None,
    *,
    as_json: bool = False,
) -> tuple[str, int]:
    """``modu verify FILE`` or ``modu verify text "…"`` / ``modu verify text --file F``."""
    if target == "text":
        if (text is None) == (text_file is None):
            return 'give the text, or --file, after "text" / 글이나 --file을 주세요', CANNOT_CHECK
        if text_file is not None:
            try:
                text = text_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                return f"Cannot read {text_file}: {error} / 읽을 수 없습니다.", CANNOT_CHECK
        assert text is not None
        return verify_text(text, settings, as_json=as_json)
    if text is not None or text_file is not None:
        return f'"{text or text_file}": a text is checked with modu verify text "…"', CANNOT_CHECK
    return verify_audio_file(Path(target), settings, as_json=as_json)


def init_keys(settings: Settings, directory: Path | None, *, force: bool) -> tuple[str, int]:
    """Make the development signing certificate (and watermark keys) where the settings
    say, or in ``directory``. Refuses to replace existing keys without ``force``."""
    provenance = settings.provenance
    key_path, chain_path = provenance.signing_key_path, provenance.signing_cert_path
    watermark_path = provenance.watermark_key_path
    if directory is not None:
        key_path, chain_path = directory / key_path.name, directory / chain_path.name
        watermark_path = directory / watermark_path.name
    existing = [p for p in (key_path, chain_path) if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        return (
            f"{names} already exist(s); --force replaces them (files signed with the old key "
            f"stay valid). / 이미 있습니다. 바꾸려면 --force를 쓰세요.",
            FAILED,
        )
    try:
        made = make_dev_certificate(key_path, chain_path)
    except (OSError, ProvenanceError) as error:
        return f"Could not write the keys: {error} / 키를 쓸 수 없습니다.", FAILED
    lines = [
        "Made a development signing certificate: UNTRUSTED, for development only.",
        "개발용 서명 인증서를 만들었습니다: 신뢰할 수 없는 인증서이며, 개발에만 쓰세요.",
        f"  private key  {made.key_path}  (readable by you only, 0600)",
        f"  certificate  {made.chain_path}  (signer, then its development root)",
        f"  root         {made.root_path}",
        "Anyone can make a certificate like this one: modu verify and other C2PA readers report",
        "its signatures as valid but the signer as untrusted. For production, sign with a key",
        "and certificate from a CA on the C2PA trust list:",
        "  MODU_PROVENANCE__SIGNING_KEY_PATH=… MODU_PROVENANCE__SIGNING_CERT_PATH=…",
    ]
    if not watermark_path.exists() and provenance.watermark_keys is None:
        make_watermark_keys(watermark_path)
        lines.append(f"  watermark    {watermark_path}  (SynthID keys, 0600)")
    if directory is not None:
        lines += [
            "To use these, set:",
            f"  MODU_PROVENANCE__SIGNING_KEY_PATH={made.key_path}",
            f"  MODU_PROVENANCE__SIGNING_CERT_PATH={made.chain_path}",
            f"  MODU_PROVENANCE__WATERMARK_KEY_PATH={watermark_path}",
        ]
    return "\n".join(lines), OK
