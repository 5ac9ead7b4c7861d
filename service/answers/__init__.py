"""Answers people can trust: the checks around the language model.

The bundled model is small (Qwen2.5-Coder-1.5B): it invents phone numbers and opening hours,
follows scam scripts and changes doses when asked. Everything in this package runs around it,
in the one answer pipeline (``service/answers/pipeline.py``), for every front end:

- ``safety``: emergencies, scams and medication questions recognised before the model, answered
  with vetted text that starts with what to do now and the right number for the person's country;
- ``live_local``: questions that need live or local data get an honest referral;
- ``specifics``: each generated sentence is checked for phone numbers, addresses, clock times,
  prices and forecasts that nothing supplied;
- ``quality``: echoes, loops and answers in the wrong language;
- ``facts``: a small curated bilingual fact base, retrieved per turn, that the model answers from;
- ``eval``: ``modu eval answers`` on two labelled sets.

Design: ``docs/answers.md``.
"""
