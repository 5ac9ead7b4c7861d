"""SynthID-Text on the tiny Qwen2 model: watermarked answers score apart from plain ones.

Measured here (8 answers of 80 tokens each way, temperature 1.0, 16 keys): mean g-value
0.584-0.621 watermarked vs 0.475-0.525 plain (margin 0.059), z 6.1-8.5 vs -1.7-1.8. At
modu's default temperature 0.3 the signal is much weaker (mean 0.535, z 0.6-4.0 over 100
tokens): low-entropy sampling leaves the watermark little room. See accessibility/watermark.py.
"""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

pytest.importorskip("torch")
pytest.importorskip("transformers")

from accessibility.provenance.settings import ProvenanceSettings
from accessibility.watermark import (
    WatermarkKeyError,
    WatermarkScore,
    score_text,
    watermark_for_settings,
)
from service.app import create_app
from service.cli import app as cli
from service.engines import build_local_language_model
from service.settings import Settings
from tests.helpers.tiny_models import build_tiny_qwen2
from voices.lm.base import ChatMessage, GenerationOptions
from voices.lm.transformers_engine import TransformersLanguageModel
from voices.lm.watermark import WatermarkConfig

KEYS = [52, 9117, 331, 4204, 87, 6633, 1580, 2902, 7771, 413, 5050, 3128, 6401, 929, 2718, 8080]
CONFIG = WatermarkConfig(keys=KEYS)
QUESTIONS = ["Hello, how are you?", "오늘 날씨 어때요?", "Who are you?", "날씨가 좋네요"]
ANSWERS = 8
MEASURED_MARGIN = 0.059
"""min(watermarked mean g) - max(plain mean g), measured on this machine."""


@pytest.fixture(scope="module")
def tiny_qwen2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_qwen2(tmp_path_factory.mktemp("tiny-qwen2"))


async def _answers(engine: TransformersLanguageModel) -> list[str]:
    answers = []
    for seed in range(ANSWERS):
        messages = [
            ChatMessage(role="system", content="You are modu, a voice assistant."),
            ChatMessage(role="user", content=QUESTIONS[seed % len(QUESTIONS)]),
        ]
        options = GenerationOptions(max_tokens=80, temperature=1.0, top_p=1.0, seed=seed)
        answers.append("".join([delta async for delta in engine.stream(messages, options)]))
    engine.close()
    return answers


@pytest.fixture(scope="module")
def answers(tiny_qwen2: Path) -> dict[str, list[str]]:
    """Answers to the same questions with the same seeds, with and without the watermark."""

    def engine(watermark: WatermarkConfig | None) -> TransformersLanguageModel:
        return TransformersLanguageModel(
            tiny_qwen2, model_id="tiny", threads=1, dtype="float32", watermark=watermark
        )

    return {
        "watermarked": asyncio.run(_answers(engine(CONFIG))),
        "plain": asyncio.run(_answers(engine(None))),
    }


@pytest.fixture(scope="module")
def tokenizer(tiny_qwen2: Path) -> object:
    return TransformersLanguageModel(tiny_qwen2, model_id="tiny").load_tokenizer()


def _scores(texts: list[str], tokenizer: object, config: WatermarkConfig) -> list[WatermarkScore]:
    return [score_text(text, tokenizer, config) for text in texts]


def test_watermarked_answers_score_apart_from_plain_ones(
    answers: dict[str, list[str]], tokenizer: object
) -> None:
    marked = _scores(answers["watermarked"], tokenizer, CONFIG)
    plain = _scores(answers["plain"], tokenizer, CONFIG)
    assert answers["watermarked"] != answers["plain"]  # The watermark changed what was said.
    assert all(s.watermarked and not s.too_short for s in marked)
    assert not any(s.watermarked for s in plain)
    marked_g = [s.mean_g for s in marked if s.mean_g is not None]
    plain_g = [s.mean_g for s in plain if s.mean_g is not None]
    assert len(marked_g) == len(plain_g) == ANSWERS
    assert min(marked_g) - max(plain_g) > MEASURED_MARGIN / 3  # Slack for other platforms.
    assert abs(sum(plain_g) / ANSWERS - 0.5) < 0.03  # Plain text averages a coin flip.
    assert "carries modu's SynthID watermark" in marked[0].verdict()
    assert "워터마크가 있습니다" in marked[0].verdict("ko")
    assert "No watermark found" in plain[0].verdict()


def test_another_key_or_a_rewrite_finds_no_watermark(
    answers: dict[str, list[str]], tokenizer: object
) -> None:
    other = WatermarkConfig(keys=[k + 1 for k in KEYS])
    assert not any(s.watermarked for s in _scores(answers["watermarked"], tokenizer, other))
    assert other.key_id != CONFIG.key_id
    # Rewriting replaces the token n-grams the watermark lives in (here: the word order).
    rewritten = [" ".join(reversed(text.split())) for text in answers["watermarked"]]
    assert not any(s.watermarked for s in _scores(rewritten, tokenizer, CONFIG))


def test_short_texts_are_too_short_to_tell(tokenizer: object) -> None:
    score = score_text("Hello, how are you?", tokenizer, CONFIG)
    assert score.too_short and not score.watermarked
    assert "Too short to tell" in score.verdict() and "너무 짧아서" in score.verdict("ko")


@pytest.fixture
def transformers_settings(fake_settings: Settings, tiny_qwen2: Path, tmp_path: Path) -> Settings:
    return fake_settings.model_copy(
        update={
            "lm": fake_settings.lm.model_copy(
                update={"engine": "transformers", "model": str(tiny_qwen2)}
            ),
            "provenance": ProvenanceSettings(
                signing_key_path=tmp_path / "keys" / "signing-key.pem",
                signing_cert_path=tmp_path / "keys" / "signing-chain.pem",
                watermark_key_path=tmp_path / "keys" / "watermark-keys.json",
            ),
        }
    )


def test_settings_make_private_keys_once_and_wire_them_into_the_engine(
    transformers_settings: Settings,
) -> None:
    path = transformers_settings.provenance.watermark_key_path
    with pytest.raises(WatermarkKeyError, match="no watermark keys"):
        watermark_for_settings(transformers_settings.provenance, create=False)
    engine = build_local_language_model(transformers_settings)
    assert isinstance(engine, TransformersLanguageModel) and engine.watermark is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (
        engine.watermark.keys == json.loads(path.read_text()) and len(engine.watermark.keys) == 16
    )
    assert (
        watermark_for_settings(transformers_settings.provenance) == engine.watermark
    )  # Read, not remade.
    off = transformers_settings.model_copy(
        update={
            "provenance": transformers_settings.provenance.model_copy(
                update={"watermark_text": False}
            )
        }
    )
    assert watermark_for_settings(off.provenance) is None
    unwatermarked = build_local_language_model(off)
    assert isinstance(unwatermarked, TransformersLanguageModel)
    assert unwatermarked.watermark is None


def _with_keys(settings: Settings) -> Settings:
    provenance = settings.provenance.model_copy(update={"watermark_keys": KEYS})
    return settings.model_copy(update={"provenance": provenance})


def test_modu_verify_text_finds_the_watermark(
    answers: dict[str, list[str]], tiny_qwen2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODU_LM__ENGINE", "transformers")
    monkeypatch.setenv("MODU_LM__MODEL", str(tiny_qwen2))
    monkeypatch.setenv("MODU_PROVENANCE__WATERMARK_KEYS", json.dumps(KEYS))
    runner = CliRunner()
    found = runner.invoke(cli, ["verify", "text", answers["watermarked"][0]])
    assert found.exit_code == 0, found.output
    assert "carries modu's SynthID watermark" in found.output
    missing = runner.invoke(cli, ["verify", "text", answers["plain"][0], "--json"])
    assert missing.exit_code == 1, missing.output
    assert json.loads(missing.stdout)["watermarked"] is False


def test_post_verify_text_scores_with_the_servers_engine(
    answers: dict[str, list[str]], transformers_settings: Settings
) -> None:
    with TestClient(create_app(_with_keys(transformers_settings))) as client:
        found = client.post("/v1/verify", json={"text": answers["watermarked"][1]})
        plain = client.post("/v1/verify", json={"text": answers["plain"][1]})
    assert found.status_code == plain.status_code == 200, found.text
    assert found.json()["checked"] and found.json()["score"]["watermarked"]
    assert "워터마크가 있습니다" in found.json()["plain_words_ko"]
    assert plain.json()["checked"] and not plain.json()["score"]["watermarked"]
