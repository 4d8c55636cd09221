"""Stage 2, translation: source sentences in, ``Translation`` list out.

``translator.Translator`` validates and orchestrates over a backend registered by name in
``backends`` (CTranslate2 by default, transformers); ``longsplit`` splits inputs longer than
the model accepts; ``confidence`` scores and flags each output; ``memory`` is the SQLite
translation memory; ``models`` holds the local model store and the CTranslate2 conversion.
"""
