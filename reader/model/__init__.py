"""Pure text model: articles, sections, paragraphs, sentences and spans.

All offsets in this package are Python ``str`` indices into the article's
normalised text (LF line endings, Unicode NFC). No I/O, no SQL, no UI here.
"""

from reader.model.article import Article, Paragraph, Section, Span

__all__ = ["Article", "Paragraph", "Section", "Span"]
