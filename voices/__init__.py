"""The engines: audio, voice activity, recognition, synthesis, the language model and the
bundled weights. The lowest layer: it imports neither ``accessibility`` nor ``service``."""
