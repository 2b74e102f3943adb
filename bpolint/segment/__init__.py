"""Document -> clauses, sentences, definitions and parties (see :mod:`.segmenter`)."""
from .definitions import Definition
from .segmenter import Segmentation, Sentence, segment

__all__ = ["Definition", "Segmentation", "Sentence", "segment"]
