"""A tiny Qwen2 model and tokenizer, built in the test (no download, ~200 KB).

The model is random but shaped so that it only ever says whole words from its training
sentences (English and Korean): every other token, end-of-turn included, gets a large negative
logit through a hidden dimension that stays constant. So greedy answers are deterministic,
context-dependent, never empty, and stream one word per delta.

Import this module only after ``pytest.importorskip("torch")`` and
``pytest.importorskip("transformers")``: it imports both.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

# Imported as untyped modules, as the tests that use them do (through pytest.importorskip).
tokenizers: Any = importlib.import_module("tokenizers")
torch: Any = importlib.import_module("torch")
transformers: Any = importlib.import_module("transformers")

SENTENCES = [
    "Hello, how are you today?",
    "The weather is nice and sunny.",
    "I am modu, a voice assistant.",
    "안녕하세요, 오늘 기분이 어때요?",
    "날씨가 맑고 좋습니다.",
    "저는 음성 비서 모두입니다.",
]
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def train_tokenizer() -> Any:
    """A byte-level BPE tokenizer (400 tokens) trained on :data:`SENTENCES`."""
    tok = tokenizers.Tokenizer(tokenizers.models.BPE())
    tok.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = tokenizers.decoders.ByteLevel()
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=SPECIAL,
        initial_alphabet=tokenizers.pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(SENTENCES * 4, trainer)
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>"
    )


def word_token_ids(tokenizer: Any) -> list[int]:
    """Ids of the tokens that are whole words (optionally after one space)."""
    return [
        index
        for token, index in tokenizer.get_vocab().items()
        if token not in SPECIAL and re.fullmatch(r" ?[A-Za-z가-힣]{2,}", tokenizer.decode([index]))
    ]


def only_words(model: Any, tokenizer: Any) -> None:
    """Hidden dimension 0 is a constant 2.0 (no layer writes to it); the output layer turns it
    into -100 × that for every token that is not a whole word (see the module docstring)."""
    words = word_token_ids(tokenizer)
    with torch.no_grad():
        model.model.embed_tokens.weight[:, 0] = 2.0
        for layer in model.model.layers:
            layer.self_attn.o_proj.weight[0, :] = 0.0
            layer.mlp.down_proj.weight[0, :] = 0.0
        model.lm_head.weight[:, 0] = -100.0
        model.lm_head.weight[words, 0] = 0.0


def build_tiny_qwen2(folder: Path) -> Path:
    """Save the tiny model and its tokenizer (with a chat template) into ``folder``."""
    tokenizer = train_tokenizer()
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        initializer_range=0.5,
        tie_word_embeddings=False,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = transformers.Qwen2ForCausalLM(config)
    only_words(model, tokenizer)
    # Sampling defaults like Qwen's own generation_config.json, so greedy must override them.
    model.generation_config = transformers.GenerationConfig(
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        do_sample=True,
        temperature=0.7,
        top_p=0.8,
        top_k=20,
        repetition_penalty=1.05,
    )
    model.save_pretrained(folder)
    return folder
