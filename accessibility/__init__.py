"""Accessibility: profiles, simplified language, screen-reader shaping, spoken commands,
captions, language handling, AI-content labels and provenance. Imports only ``voices``
(docs/architecture.md)."""
