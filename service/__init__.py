"""The running service: settings, CLI, the turn pipeline, language models and the HTTP app."""
