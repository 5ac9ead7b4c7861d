"""The realtime service (``/v1/realtime``): one :class:`~service.realtime.session.RealtimeSession`
per WebSocket, a state machine over the client's events, and the parts it owns.

The parts never hold the session: each takes the values and callables it needs (``transcribe``,
``prefill``, an ``emit`` for the events it sends) or returns what it decided (the events of a
conversation item, the ``Action`` of a spoken turn) for the session to carry out. The map is in
docs/architecture.md ("The realtime session").
"""
