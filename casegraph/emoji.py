"""Emoji in pictures and PDFs, drawn as small images from Debian's Noto Color Emoji.

Slang adverts speak in emoji (a snowflake, a plug, a pill), and an empty box in the case
file hides what a post said. Browsers draw emoji with the system's colour emoji font; the
server-side renderers cannot (CairoSVG and ReportLab draw text with one font, without
colour glyphs), so each emoji is rasterised once with Pillow from
``fonts-noto-color-emoji`` and placed as an image beside the text around it. Without that
font, emoji fall back to their names in brackets (``[snowflake]``).

>>> [(run, is_emoji) for run, is_emoji in split_emoji("snow \u2744\ufe0f 4 sale")]
[('snow ', False), ('\u2744\ufe0f', True), (' 4 sale', False)]
"""

from __future__ import annotations

import base64
import io
import unicodedata
from functools import lru_cache
from pathlib import Path

FONT_FILES = ("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
              "/usr/share/fonts/noto/NotoColorEmoji.ttf")
_JOIN = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}
STRIP = 109  # the one size Noto Color Emoji's bitmaps come in


def is_emoji(ch: str) -> bool:
    """Pictographs and symbols the text fonts lack (not plain digits or punctuation)."""
    code = ord(ch)
    return (code >= 0x1F000 or 0x2300 <= code <= 0x23FF or 0x2600 <= code <= 0x27BF
            or 0x2B00 <= code <= 0x2BFF or code in (0x00A9, 0x00AE, 0x203C, 0x2049,
                                                    0x2122, 0x2139, 0x3030, 0x303D))


def split_emoji(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs of plain text and single emoji (joined sequences, skin tones,
    variation selectors and keycaps stay with their emoji)."""
    runs: list[tuple[str, bool]] = []
    plain = ""
    chars = list(text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        keycap = i + 1 < len(chars) and ord(chars[i + 1]) in (0xFE0F, 0x20E3) and ch in \
            "0123456789#*" and any(ord(c) == 0x20E3 for c in chars[i + 1:i + 3])
        if is_emoji(ch) or keycap:
            j = i + 1
            while j < len(chars) and (ord(chars[j]) in _JOIN or 0x1F3FB <= ord(chars[j]) <= 0x1F3FF
                                      or (ord(chars[j - 1]) == 0x200D and is_emoji(chars[j]))
                                      or 0xE0020 <= ord(chars[j]) <= 0xE007F
                                      or (0x1F1E6 <= ord(ch) <= 0x1F1FF and j == i + 1
                                          and 0x1F1E6 <= ord(chars[j]) <= 0x1F1FF)):
                j += 1
            if plain:
                runs.append((plain, False))
                plain = ""
            runs.append(("".join(chars[i:j]), True))
            i = j
        else:
            plain += ch
            i += 1
    if plain:
        runs.append((plain, False))
    return runs


def has_emoji(text: str) -> bool:
    return any(is_emoji(ch) for ch in text)


@lru_cache(maxsize=1)
def font_file() -> str | None:
    return next((p for p in FONT_FILES if Path(p).is_file()), None)


@lru_cache(maxsize=512)
def emoji_png(emoji: str) -> bytes | None:
    """A square PNG of one emoji (transparent background), or None without the font or
    when the font has no glyph for it."""
    path = font_file()
    if path is None:
        return None
    try:
        from PIL import Image, ImageDraw, ImageFont

        font = ImageFont.truetype(path, STRIP)
        width = max(int(font.getlength(emoji)), STRIP)
        image = Image.new("RGBA", (width + 8, STRIP + 24), (0, 0, 0, 0))
        ImageDraw.Draw(image).text((4, 4), emoji, font=font, embedded_color=True)
        box = image.getbbox()
        if box is None:
            return None
        side = max(box[2] - box[0], box[3] - box[1])
        square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        square.paste(image.crop(box), ((side - (box[2] - box[0])) // 2,
                                       (side - (box[3] - box[1])) // 2))
        out = io.BytesIO()
        square.resize((72, 72), Image.LANCZOS).save(out, format="PNG", optimize=True)
        return out.getvalue()
    except Exception:  # a broken glyph costs the emoji its picture, not the document
        return None


def data_uri(emoji: str) -> str | None:
    png = emoji_png(emoji)
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode()


def spelled(emoji: str) -> str:
    """``[snowflake]``: the emoji's name, where it cannot be drawn."""
    names = [unicodedata.name(ch, "") for ch in emoji
             if ord(ch) not in _JOIN and not 0x1F3FB <= ord(ch) <= 0x1F3FF]
    return "[" + " ".join(n.lower() for n in names if n) + "]" if any(names) else ""
