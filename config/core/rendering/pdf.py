"""PDF from self-contained HTML, rendered by WeasyPrint with the system's Noto fonts.

WeasyPrint (with Pango) takes a third of a second to import: it is imported on the first PDF.
"""


def offline_url_fetcher():
    """A WeasyPrint fetcher that only decodes data: URLs: a stray link never leaves the machine."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def html_to_pdf(html):
    """The PDF of a self-contained HTML page (the printable programme, badge sheets)."""
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf()
