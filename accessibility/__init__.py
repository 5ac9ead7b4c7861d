"""Accessibility: language handling, AI-content labels, and (later) profiles and simplification."""
