"""See base.py for the protocol; one module per engine."""
