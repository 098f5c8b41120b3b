"""HTML input: the main text of a web page, taken out with trafilatura (the optional extra
``normalize[html]``), before the passes clean it.

The extractor and its settings are fixed here, in one place, and every extracted document
carries a note that says so (:func:`extraction_note`, written to the change log); the log's
offsets then refer to the extracted text, not to the HTML.

>>> page = "<html><body><article><p>" + "The talks went on. " * 5 + "</p></article></body>"
>>> extract_main_text(page + "</html>", "page.html")[:37]
'The talks went on. The talks went on.'
"""

from __future__ import annotations

from typing import Any

from normalize.errors import InputError

#: trafilatura's settings for every page: the main text with its tables, without reader
#: comments (the boilerplate most like prose), no links, images or formatting.
EXTRACTOR_SETTINGS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
    "output_format": "txt",
}

#: Pages larger than this are refused (a parse of a huge page can take minutes and GBs).
MAX_HTML_BYTES = 20_000_000

#: The start of every extraction note (see :func:`normalize.io.sources.note_rule`).
NOTE_PREFIX = "html extracted by "


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as e:
        raise InputError(
            f"HTML input needs the optional extra: pip install 'normalize[html]' ({e})"
        ) from None
    return trafilatura


def extraction_note() -> str:
    """The log note of an extracted document: which extractor ran, with which settings.

    >>> extraction_note().startswith("html extracted by trafilatura ")
    True
    """
    from importlib.metadata import version

    settings = ", ".join(f"{k}={v}" for k, v in EXTRACTOR_SETTINGS.items())
    return (
        f"{NOTE_PREFIX}trafilatura {version('trafilatura')} ({settings}); "
        "the offsets of this document's records refer to the extracted text"
    )


def extract_main_text(html: str | bytes, name: str, url: str | None = None) -> str:
    """The main text of ``html`` (a page's source, as text or bytes in any encoding).

    Raises :class:`~normalize.errors.InputError` for a page that is too large or in which
    the extractor finds no main text (``name`` says which).

    >>> extract_main_text("<html><body><p></p></body></html>", "empty.html")
    Traceback (most recent call last):
    ...
    normalize.errors.InputError: empty.html: no main text found in the HTML
    """
    size = len(html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html)
    if size > MAX_HTML_BYTES:
        raise InputError(
            f"{name}: HTML of {size:,} bytes is larger than the {MAX_HTML_BYTES:,} this run reads"
        )
    trafilatura = _trafilatura()
    try:
        text = trafilatura.extract(html, url=url, **EXTRACTOR_SETTINGS)
    except Exception as e:  # noqa: BLE001 - any parser failure is this page's error
        why = f"{type(e).__name__}: {e}"
        raise InputError(f"{name}: the HTML could not be parsed ({why})") from None
    if not text or not text.strip():
        raise InputError(f"{name}: no main text found in the HTML")
    return text if text.endswith("\n") else text + "\n"
