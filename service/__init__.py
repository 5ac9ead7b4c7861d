"""The running service: settings, CLI, the answer pipeline, engine wiring and the HTTP app."""
