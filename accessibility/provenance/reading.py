"""Read an audio file's C2PA manifest back and say, in plain words, what it proves.

A signature is *valid* when nothing signed was changed (audio bytes and manifest). It is
*trusted* when the signing certificate chains to a root in the trust list (the settings'
``trust_anchors_path``); a development certificate never is.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from accessibility.labels import AiLabel
from accessibility.provenance.base import AI_LABEL_ASSERTION, ProvenanceError, import_c2pa
from accessibility.provenance.certificates import DEV_ORGANISATION
from accessibility.provenance.formats import normalise_mime, sniff_audio_mime
from accessibility.provenance.settings import ProvenanceSettings
from accessibility.provenance.wording import explain_failure, plain_words

UNTRUSTED = "signingCredential.untrusted"


class ProvenanceReport(BaseModel):
    """What an audio file's manifest says, and whether it holds up."""

    has_manifest: bool
    format: str | None = None
    made_by_modu: bool = False
    ai_generated: bool = False
    """The manifest says a trained algorithm created the content."""
    model: str | None = None
    voice: str | None = None
    created_at: str | None = None
    generator: str | None = None
    """The claim generator, e.g. ``modu 0.1.0``."""
    signer: str | None = None
    """The signing certificate's common name (and issuer)."""
    development_certificate: bool = False
    signature_valid: bool = False
    """Nothing signed was changed since signing."""
    trusted: bool = False
    """The signing certificate chains to a trusted root."""
    validation_state: str | None = None
    """c2pa's own verdict: ``Invalid``, ``Valid`` or ``Trusted``."""
    failure_codes: list[str] = []
    issues: list[str] = []
    """What went wrong, in plain English."""
    issues_ko: list[str] = []
    """The same, in Korean."""

    def plain_words(self, language: str = "en") -> str:
        """A few sentences a person can act on, in English (``en``) or Korean (``ko``)."""
        return plain_words(self, language)


def _context_settings(trust_anchors: str | None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
    }
    if trust_anchors:
        settings["trust"] = {"user_anchors": trust_anchors}
    return settings


def _with_issues(report: ProvenanceReport, codes: list[tuple[str, str]]) -> ProvenanceReport:
    english = [explain_failure(code, explanation, "en") for code, explanation in codes]
    korean = [explain_failure(code, explanation, "ko") for code, explanation in codes]
    return report.model_copy(
        update={
            "failure_codes": [code for code, _ in codes],
            "issues": english,
            "issues_ko": korean,
        }
    )


def _failures(store: dict[str, Any]) -> list[tuple[str, str]]:
    results = store.get("validation_results") or {}
    active = results.get("activeManifest") or {}
    entries = active.get("failure") if active else store.get("validation_status")
    return [(e.get("code", "unknown"), e.get("explanation", "")) for e in entries or []]


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for assertion in manifest.get("assertions", []):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            found.extend(assertion.get("data", {}).get("actions", []))
    return found


def _ai_label(manifest: dict[str, Any]) -> AiLabel | None:
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") == AI_LABEL_ASSERTION:
            try:
                return AiLabel.model_validate(assertion.get("data"))
            except ValidationError:
                return None  # Claims to be modu's label but is not one: not made by modu.
    return None


def _report_from_store(store: dict[str, Any], fmt: str) -> ProvenanceReport:
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    generators = manifest.get("claim_generator_info") or [{}]
    generator = " ".join(str(generators[0].get(k, "")) for k in ("name", "version")).strip()
    signature = manifest.get("signature_info") or {}
    created = next((a for a in _actions(manifest) if a.get("action") == "c2pa.created"), {})
    parameters = created.get("parameters") or {}
    label = _ai_label(manifest)
    failures = _failures(store)
    state = store.get("validation_state")
    report = ProvenanceReport(
        has_manifest=True,
        format=fmt,
        made_by_modu=label is not None,
        ai_generated=str(created.get("digitalSourceType", "")).endswith("trainedAlgorithmicMedia"),
        model=label.model if label else parameters.get("model"),
        voice=label.voice if label else parameters.get("voice"),
        created_at=label.created_at if label else created.get("when"),
        generator=generator or manifest.get("claim_generator"),
        signer=signature.get("common_name") or signature.get("issuer"),
        development_certificate=signature.get("issuer") == DEV_ORGANISATION,
        signature_valid=state in ("Valid", "Trusted")
        and all(code == UNTRUSTED for code, _ in failures),
        trusted=state == "Trusted",
        validation_state=state,
    )
    return _with_issues(report, failures)


def read_provenance(
    data: bytes, mime: str, *, trust_anchors: str | None = None
) -> ProvenanceReport:
    """Read and validate the manifest in ``data``. ``trust_anchors``: PEM root certificates
    to trust besides c2pa's built-in list. Never raises for a bad file: the report says."""
    c2pa = import_c2pa()
    fmt = sniff_audio_mime(data) or normalise_mime(mime)
    try:
        with c2pa.Context.from_dict(_context_settings(trust_anchors)) as context:
            reader = c2pa.Reader.try_create(fmt, io.BytesIO(data), None, context)
            if reader is None:
                return ProvenanceReport(has_manifest=False, format=fmt)
            with reader:
                store = json.loads(reader.json())
    except c2pa.C2paError as error:
        errors = c2pa.C2paError
        if isinstance(error, errors.NotSupported | errors.Io | errors.Other | errors.FileNotFound):
            report = ProvenanceReport(has_manifest=False, format=fmt)
            return _with_issues(report, [("file.unreadable", str(error))])
        # Verify, Signature, Decoding …: a manifest is there, but overwritten, cut or forged.
        report = ProvenanceReport(has_manifest=True, format=fmt, validation_state="Invalid")
        return _with_issues(report, [("manifest.damaged", str(error))])
    return _report_from_store(store, fmt)


def read_provenance_for_settings(
    data: bytes, mime: str, settings: ProvenanceSettings
) -> ProvenanceReport:
    """Read with the trust anchors the settings name (if any)."""
    anchors_path: Path | None = settings.trust_anchors_path
    anchors = None
    if anchors_path is not None:
        try:
            anchors = anchors_path.read_text()
        except OSError as error:
            raise ProvenanceError(
                f"cannot read the trust anchors at {anchors_path}: {error}"
            ) from error
    return read_provenance(data, mime, trust_anchors=anchors)
