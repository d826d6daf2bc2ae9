"""English pages keep the Vietnamese conventions of the documents: dd/mm/yyyy and "." thousands."""

from tuachua.formats.vi.formats import *  # noqa: F403
