"""The language model: base.py holds the protocol, prompt.py the request each turn; one module
per engine (llama.cpp, transformers, a remote server, the fake for tests)."""
