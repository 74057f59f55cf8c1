"""Tag colours made readable on whatever theme is in use (dark or light).

Tag colours are stored once (``tags.colour``) and chosen for dark backgrounds; on
a light theme a yellow or light blue is unreadable as text, and a strong tint
behind text can drown it. These helpers adjust a colour against the colours
actually on screen (WCAG contrast ratio), so no theme needs its own palette.
"""

from __future__ import annotations

from textual.color import Color

__all__ = ["contrast", "parse_colour", "readable_text", "tint_behind"]

#: WCAG AA for body text.
TEXT_CONTRAST = 4.5
_FALLBACK = "#888888"


def parse_colour(colour: str) -> Color:
    """``colour`` as a Textual ``Color`` (grey when it cannot be parsed)."""
    try:
        return Color.parse(colour)
    except Exception:
        return Color.parse(_FALLBACK)


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(one: Color, two: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text(
    colour: Color, background: Color, text: Color, minimum: float = TEXT_CONTRAST
) -> Color:
    """``colour`` as a text colour on ``background``: moved towards the theme's ``text``
    colour just as far as needed to reach ``minimum`` contrast."""
    for step in range(11):
        candidate = colour.blend(text, step / 10)
        if contrast(candidate, background) >= minimum:
            return candidate
    return text


def tint_behind(
    colour: Color, background: Color, text: Color, strength: float, minimum: float = TEXT_CONTRAST
) -> Color:
    """A background tint of ``colour`` at up to ``strength`` over ``background``, weakened
    until ``text`` on it keeps ``minimum`` contrast (or as readable as the theme allows)."""
    floor = min(contrast(text, background), minimum)
    factor = strength
    while factor > 0.1:
        tint = background.blend(colour, factor)
        if contrast(text, tint) >= floor:
            return tint
        factor -= 0.05
    return background.blend(colour, 0.1)
