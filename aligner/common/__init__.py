"""Rules and helpers that more than one stage needs, owned here once.

    textrules   numbers and their notation, loops, copies, length ratios: the text rules
                that translation flags, cleaning filters and alignment features agree on
    lexicon     a small Indonesian/English concept dictionary (names of months, days, units)
    jsontext    JSON text that stays valid UTF-8 whatever the strings hold
    flags       what a pair's flags say (``is_noise``)

It sits under every stage and imports nothing from them.
"""
