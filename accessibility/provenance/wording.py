"""Provenance reports in plain words, English and Korean."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accessibility.provenance.reading import ProvenanceReport

_FAILURES: dict[str, tuple[str, str]] = {
    "assertion.dataHash.mismatch": (
        "the audio was changed after it was signed",
        "서명한 뒤에 오디오가 바뀌었습니다",
    ),
    "assertion.bmffHash.mismatch": (
        "the audio was changed after it was signed",
        "서명한 뒤에 오디오가 바뀌었습니다",
    ),
    "assertion.hashedURI.mismatch": (
        "part of the manifest was changed after it was signed",
        "서명한 뒤에 매니페스트 일부가 바뀌었습니다",
    ),
    "claimSignature.mismatch": (
        "the signature does not match the manifest",
        "서명이 매니페스트와 맞지 않습니다",
    ),
    "signingCredential.untrusted": (
        "the signing certificate is not trusted",
        "서명 인증서를 신뢰할 수 없습니다",
    ),
    "signingCredential.expired": (
        "the signing certificate has expired",
        "서명 인증서가 만료되었습니다",
    ),
    "signingCredential.revoked": (
        "the signing certificate was revoked",
        "서명 인증서가 폐기되었습니다",
    ),
    "signingCredential.invalid": (
        "the signing certificate is not valid for signing",
        "서명 인증서가 서명에 쓸 수 없는 인증서입니다",
    ),
    "manifest.damaged": (
        "the manifest is damaged and cannot be checked",
        "매니페스트가 손상되어 확인할 수 없습니다",
    ),
    "file.unreadable": (
        "the file could not be read as audio with a manifest",
        "매니페스트를 읽을 수 있는 오디오 파일이 아닙니다",
    ),
}


def explain_failure(code: str, explanation: str, language: str) -> str:
    """One failure code in plain words; unknown codes keep the validator's own explanation."""
    english, korean = _FAILURES.get(code, (f"{code}: {explanation}", f"검증 실패 ({code})"))
    if code in ("manifest.damaged", "file.unreadable") and explanation:
        english = f"{english} ({explanation})"
    return korean if language == "ko" else english


def _when(created_at: str | None) -> str:
    if not created_at:
        return "an unknown time"
    return created_at.replace("T", " ").replace("Z", " UTC")


def _made(report: ProvenanceReport, ko: bool) -> str:
    model = report.model or ("알 수 없음" if ko else "unknown")
    voice = report.voice or ("없음" if ko else "none")
    when = _when(report.created_at)
    if report.made_by_modu:
        if ko:
            return (
                "이 오디오는 AI인 modu(모두)가 만들었습니다"
                f"(모델: {model}, 음성: {voice}, 만든 때: {when})."
            )
        return (
            f"This audio was made by modu, an AI, using model {model} and voice {voice} on {when}."
        )
    who = report.generator or ("알 수 없는 프로그램" if ko else "an unknown program")
    if ko:
        ai = " AI가 만든 콘텐츠라고 밝히고 있습니다." if report.ai_generated else ""
        return f"이 파일에는 modu가 아닌 {who}의 C2PA 매니페스트가 있습니다.{ai}"
    ai = " It says the content was made by an AI." if report.ai_generated else ""
    return f"This file carries a C2PA manifest from {who}, not from modu.{ai}"


def _trust(report: ProvenanceReport, ko: bool) -> str:
    if report.trusted:
        return (
            "서명이 유효하고, 서명 인증서도 신뢰할 수 있습니다."
            if ko
            else "The signature is valid and the signing certificate is trusted."
        )
    if report.development_certificate:
        kind = "로컬 개발용 인증서" if ko else "a local development certificate"
    else:
        kind = "신뢰 목록에 없음" if ko else "not in the trust list"
    if ko:
        return f"서명은 유효하지만, 서명 인증서는 신뢰할 수 없습니다({kind})."
    return f"The signature is valid, but the signing certificate is not trusted ({kind})."


def plain_words(report: ProvenanceReport, language: str = "en") -> str:
    """The report as a few sentences: who made it, and whether the signature holds."""
    ko = language.split("-")[0].lower() == "ko"
    if not report.has_manifest:
        if report.issues:
            problem = report.issues_ko[0] if ko else report.issues[0]
            return (
                f"확인할 수 없습니다: {problem}."
                if ko
                else f"Could not check this file: {problem}."
            )
        if ko:
            return (
                "이 파일에는 C2PA 매니페스트가 없습니다. "
                "누가 또는 무엇이 만들었는지 확인할 수 없습니다."
            )
        return (
            "This file carries no C2PA manifest, so nothing can be said about who or what made it."
        )
    if not report.signature_valid:
        problems = [
            text
            for code, text in zip(
                report.failure_codes, report.issues_ko if ko else report.issues, strict=True
            )
            if code != "signingCredential.untrusted"
        ]
        listed = "; ".join(problems) or ("알 수 없는 문제" if ko else "an unknown problem")
        if ko:
            return (
                f"이 파일에는 C2PA 매니페스트가 있지만 검증에 실패했습니다: {listed}. "
                "매니페스트의 내용을 믿지 마세요."
            )
        return (
            f"This file carries a C2PA manifest, but verification FAILED: {listed}. "
            "Do not trust what the manifest says."
        )
    return f"{_made(report, ko)} {_trust(report, ko)}"
