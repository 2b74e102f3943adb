"""Document -> clauses, sentences and definitions (see :mod:`.segmenter`)."""
from .segmenter import Definition, Segmentation, Sentence, segment

__all__ = ["Definition", "Segmentation", "Sentence", "segment"]
