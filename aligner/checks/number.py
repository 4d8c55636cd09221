"""The ``number`` check: the numbers of the source and of the output agree.

Rule: the digit numbers of the source, read with Indonesian conventions (``100.000``,
``12,5``, ``12.00``, ``20-25``, ``ke-1000``, ``5%``), and those of the output, read with
English ones (``100,000``, ``12.5``, ``12:00``, ``1000th``), must be the same multiset of
values (``aligner.common.numbers``); a spelled number (``dua``/``two`` to
``sepuluh``/``ten``) may stand for a digit one on the other side. Also an output number
written in Indonesian style (``1,10``, ``1.000.000``) fails, even when its value is right.

Flags: ``number:<source number as written>`` for each source number the output lacks;
when none is lacking, ``number:+<output number>`` for each number the output adds; and
``number:<output number>`` for each output number in Indonesian style.
"""

from __future__ import annotations

from aligner.checks import Check, register_check
from aligner.common.numbers import english_numbers, indonesian_numbers, indonesian_style, unmatched
from aligner.types import Flag

__all__ = ["NumberCheck"]


@register_check("number", Flag.NUMBER)
class NumberCheck(Check):
    """See the module doc."""

    def missing(self, source: str, output: str) -> list[str]:
        found = english_numbers(output)
        lost, extra = unmatched(indonesian_numbers(source), found)
        values = [n.text for n in lost] or [f"+{n.text}" for n in extra]
        values += [n.text for n in found if not n.spelled and indonesian_style(n.text)]
        return list(dict.fromkeys(values))
