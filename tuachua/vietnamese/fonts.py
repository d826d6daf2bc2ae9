"""What a cell's font says about the encoding of its text.

Legacy Vietnamese text was typed in fonts made for one 8-bit encoding: the TCVN3 (ABC) fonts are named
".VnTime", ".VnArial", ".VnCentury Schoolbook" …, and each has an all-caps twin whose name ends in "H"
(".VnTimeH", ".VnArialH"): it draws the lower-case codes as capitals, which is how TCVN3 wrote capitals with a
tone. The VNI fonts are named "VNI-Times", "VNI-Helve", "VNI-Aptima" … Any other font (Times New Roman, Arial,
Calibri) is a Unicode font: it shows the text as the characters it holds.
"""

import re
from dataclasses import dataclass

from tuachua.vietnamese.encodings import TCVN3, VNI

_TCVN3_FONT = re.compile(r"^\.vn", re.IGNORECASE)
_VNI_FONT = re.compile(r"^vni[\s_-]", re.IGNORECASE)


@dataclass(frozen=True)
class FontHint:
    """The encoding a font was made for (None: a Unicode font, or no font), and whether it is all caps."""

    encoding: str | None = None
    all_caps: bool = False
    named: bool = False  # the cell names a font at all

    @property
    def is_legacy(self) -> bool:
        return self.encoding is not None


NO_FONT = FontHint()


def font_hint(name: str | None) -> FontHint:
    """What a font name says: ".VnTimeH" -> TCVN3, all caps; "VNI-Times" -> VNI; "Arial" -> Unicode."""
    name = (name or "").strip()
    if _TCVN3_FONT.match(name):
        return FontHint(TCVN3, all_caps=name.endswith("H"), named=True)
    if _VNI_FONT.match(name):
        return FontHint(VNI, named=True)
    return FontHint(None, named=bool(name))
