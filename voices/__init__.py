"""Speech in and out: audio, voice activity, recognition, synthesis and the bundled weights."""
