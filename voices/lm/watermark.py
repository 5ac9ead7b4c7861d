"""The secret and shape of a SynthID-Text watermark, as the transformers engine applies it while
sampling. Keys, scoring and the verdict are accessibility's (``accessibility/watermark.py``); the
engine only needs this description of what to apply."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from pydantic import BaseModel, Field


class WatermarkConfig(BaseModel):
    """The secret and the shape of a SynthID-Text watermark. Keep ``keys`` private: whoever
    has them can detect the watermark, and also forge or scrub it."""

    keys: list[Annotated[int, Field(ge=0, lt=2**63)]] = Field(min_length=1, max_length=64)
    ngram_len: int = Field(default=5, ge=2, le=16)
    sampling_table_seed: int = 0
    sampling_table_size: int = Field(default=2**16, ge=2, le=2**24)
    context_history_size: int = Field(default=1024, ge=1)

    @property
    def key_id(self) -> str:
        """A short fingerprint of the keys that names them without revealing them."""
        digest = hashlib.sha256(json.dumps([self.ngram_len, *self.keys]).encode()).hexdigest()
        return digest[:12]

    def to_transformers(self, transformers: Any) -> Any:
        """The ``SynthIDTextWatermarkingConfig`` for ``generate(watermarking_config=…)``."""
        return transformers.SynthIDTextWatermarkingConfig(
            ngram_len=self.ngram_len,
            keys=list(self.keys),
            context_history_size=self.context_history_size,
            sampling_table_seed=self.sampling_table_seed,
            sampling_table_size=self.sampling_table_size,
        )

    def processor(self, transformers: Any) -> Any:
        """The logits processor itself: it also computes g-values for detection."""
        return transformers.SynthIDTextWatermarkLogitsProcessor(
            ngram_len=self.ngram_len,
            keys=list(self.keys),
            sampling_table_size=self.sampling_table_size,
            sampling_table_seed=self.sampling_table_seed,
            context_history_size=self.context_history_size,
            device="cpu",
        )
