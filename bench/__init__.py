"""modu's benchmark harness: time to first audio over the realtime WebSocket, the naive chain,
concurrency, engines side by side and memory. Run ``python -m bench`` (``--quick`` for a few
questions); results go to ``bench/results/``."""
