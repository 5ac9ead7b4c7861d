"""The simplified-language evaluation set: realistic public-service passages in English
(``en.jsonl``) and Korean (``ko.jsonl``), with the facts each must keep and, for some, a
reference easy-read version written by hand. Read it with
:func:`accessibility.simplify.evalset.load_passages`."""
