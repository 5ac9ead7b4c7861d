"""The vetted numbers, their sources and the response texts of the safety layer.

They live in ``data/safety.yaml`` (data, not code: a reviewer checks numbers and wording
there), loaded once and validated here. Validation refuses a text that names a digit string
that is not a vetted number of its country, so an unsourced number cannot ship.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from service.answers.sources import Source

Category = Literal["emergency", "scam", "medication"]
Language = Literal["ko", "en"]
GENERIC = "default"
"""The key of the texts for countries without vetted data of their own."""

_DIGIT_RUN = re.compile(r"\d(?:[\d-]*\d)?")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VettedNumber(_Frozen):
    """One phone number, what it is for, and where that is stated."""

    number: str
    """As written in the texts, e.g. "119" or "1-800-222-1222"."""
    service: str
    source: Source

    @field_validator("number")
    @classmethod
    def _digits_and_dashes(cls, value: str) -> str:
        if not _DIGIT_RUN.fullmatch(value):
            raise ValueError(f"a number is digits and dashes only: {value!r}")
        return value

    @field_validator("source")
    @classmethod
    def _checked_is_a_date(cls, value: Source) -> Source:
        date.fromisoformat(value.checked)
        return value


class WebReference(_Frozen):
    """A web address named in a text (e.g. the FTC's reporting site), with its source."""

    name: str
    source: Source


class ResponseText(_Frozen):
    """One vetted answer in both languages."""

    ko: str
    en: str

    def text(self, language: Language) -> str:
        return self.ko if language == "ko" else self.en


class CountryData(_Frozen):
    numbers: tuple[VettedNumber, ...]
    web: tuple[WebReference, ...] = ()
    responses: dict[Category, dict[str, ResponseText]]
    """Per category, per kind; "default" answers every kind without its own text."""

    @model_validator(mode="after")
    def _every_category_has_a_default(self) -> CountryData:
        for category in ("emergency", "scam", "medication"):
            if GENERIC not in self.responses.get(category, {}):
                raise ValueError(f"no default {category} response")
        return self

    @model_validator(mode="after")
    def _texts_name_only_vetted_numbers(self) -> CountryData:
        vetted = {entry.number for entry in self.numbers}
        for category, kinds in self.responses.items():
            for kind, response in kinds.items():
                for text in (response.ko, response.en):
                    unvetted = set(_DIGIT_RUN.findall(text)) - vetted
                    if unvetted:
                        raise ValueError(f"{category}/{kind} names unvetted {sorted(unvetted)}")
        return self


class SafetyData(_Frozen):
    allow_model_addition: dict[Category, bool]
    countries: dict[str, CountryData]

    @model_validator(mode="after")
    def _has_generic(self) -> SafetyData:
        if GENERIC not in self.countries:
            raise ValueError("the generic ('default') country data is missing")
        return self

    def numbers_for(self, place: str) -> tuple[VettedNumber, ...]:
        return self.countries[place].numbers

    def response_for(self, place: str, category: Category, kind: str) -> ResponseText:
        kinds = self.countries[place].responses[category]
        return kinds.get(kind, kinds[GENERIC])

    def sources_for(self, place: str, numbers: tuple[str, ...], text: str) -> tuple[Source, ...]:
        """The sources of the numbers and web addresses a text names, without repeats."""
        country = self.countries[place]
        found = [entry.source for entry in country.numbers if entry.number in numbers]
        found += [web.source for web in country.web if web.name.lower() in text.lower()]
        return tuple(dict.fromkeys(found))


def resolve_country(country: str | None, data: SafetyData) -> str:
    """The data key for a country code; unknown, empty or None-ish codes get the generic data."""
    code = (country or "").strip().upper()
    if code and code != GENERIC.upper() and code in data.countries:
        return code
    return GENERIC


def resolve_language(language: str | None) -> Language:
    """ "ko" for Korean (also "ko-KR", "kor"), English for everything else."""
    return "ko" if (language or "").strip().lower().startswith("ko") else "en"


def numbers_in_text(text: str, vetted: tuple[VettedNumber, ...]) -> tuple[str, ...]:
    """The vetted numbers a text names, as written, in the order they first appear."""
    wanted = {entry.number for entry in vetted}
    found = [run for run in _DIGIT_RUN.findall(text) if run in wanted]
    return tuple(dict.fromkeys(found))


@cache
def load_safety_data() -> SafetyData:
    """Read and validate ``data/safety.yaml`` once (PyYAML is imported here, on first use)."""
    import yaml  # Deferred: nothing heavy at import time.

    raw = resources.files("service.answers.data").joinpath("safety.yaml").read_text("utf-8")
    return SafetyData.model_validate(yaml.safe_load(raw))
