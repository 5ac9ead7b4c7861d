"""Screen-reader-friendly answers: :func:`to_speakable` formats (:class:`SpeakableStream` for a
streamed answer), :func:`check_speakable` checks against docs/accessibility.md S1–S6."""

from accessibility.screen_reader.checker import Violation, check_speakable
from accessibility.screen_reader.formatter import speakable_blocks, to_speakable
from accessibility.screen_reader.stream import SpeakableStream

__all__ = ["SpeakableStream", "Violation", "check_speakable", "speakable_blocks", "to_speakable"]
