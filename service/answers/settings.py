"""Settings of the checks around the model (``MODU_ANSWERS__…``), composed into
:class:`service.settings.Settings`."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator


class AnswerSettings(BaseModel):
    """How answers are checked: the country for emergency numbers, facts, the sentence gate."""

    country: str = "KR"
    """Where this deployment's users are (ISO 3166 two letters) unless their profile says:
    emergency, fraud and help numbers are chosen by it, never by the answer's language."""
    checks: bool = True
    """The safety layer, live/local referrals and the sentence gate. Turning them off leaves
    the model alone: only for measuring what the checks do (``modu eval answers``)."""
    facts: bool = True
    """Retrieve matching entries of the curated fact base into the turn's note."""
    facts_per_turn: int = Field(default=2, ge=0, le=5)
    facts_note_chars: int = Field(default=350, ge=0, le=2000)
    """The note is prefilled on every turn, so it stays short (see docs/answers.md)."""
    facts_addition_tokens: int = Field(default=0, ge=0, le=400)
    """Tokens the model may add, tailored to the question, after the matching fact is said;
    0 (the default): the fact alone. Measured on the held-out set, the bundled model's additions
    invented what the fact did not say ("부산역에서 해운대까지 10분 정도 걸려요", "take bus number
    110", "Yes, there is a hospital … open this Sunday"); a larger model may earn it."""
    safety_addition_tokens: int = Field(default=0, ge=0, le=400)
    """Tokens the model may add after a vetted answer where the safety data allows it (scams);
    0 (the default): never. Measured on the held-out set, the bundled model added "Yes, that's
    fine." after a warning not to read out a bank code, and apologies that muddle the warning."""
    retries: int = Field(default=1, ge=0, le=3)
    """How often an answer in the wrong language, an echo or an empty answer is generated anew
    before the honest fallback replaces it."""

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str) -> str:
        code = value.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"expected two letters (ISO 3166), e.g. KR or US; got {value!r}")
        return code
