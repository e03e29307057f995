"""The plan on paper: the HTML report printed by Chromium on Letter and A4, and the Word file
converted to PDF by LibreOffice. Each PDF is read back with pypdf: page size, no blank page, every
answer's text.

Without Chromium or LibreOffice the tests skip, unless DLDASH_REQUIRE_BROWSER=1 (CI), when they fail.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import unicodedata
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from dlcore.report import report_html
from dlcore.word import report_docx
from tests.e2e.conftest import GUIDE, need
from tests.test_report import full_responses, team_picture, typed_texts

TODAY = date(2026, 11, 30)
# Paper sizes in PostScript points (1/72 in): Letter 8.5 x 11 in, A4 210 x 297 mm. Chromium gives A4 as
# 8.27 x 11.7 in, rounded to its pixels: within 1.5 points of the paper.
PAPER = {"Letter": (612.0, 792.0), "A4": (595.28, 841.89)}
TOLERANCE_PT = 1.5
A_LONG_WORD = "https://example.org/" + "a-very-long-address-without-spaces" * 6


def answers():
    r = full_responses(milestones=10)
    r.write("gap_reflections", "CR1", f"A link to read first: {A_LONG_WORD}")
    return r


def words(text: str) -> str:
    """Text with its white space made single spaces (a PDF breaks lines where the page does) and
    ligatures undone (the PDF's "ﬁ" is "fi")."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(BytesIO(pdf))
    return reader, [page.extract_text() or "" for page in reader.pages]


def missing_answers(pages: list[str], r) -> list[str]:
    text = words(" ".join(pages))
    # A word too long for its line breaks anywhere, and the PDF's text then has a space there.
    return [t for t in [*typed_texts(r), A_LONG_WORD]
            if words(t) not in text and words(t).replace(" ", "") not in text.replace(" ", "")]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_chromium_prints_the_report_on_the_paper_chosen_with_every_answer(browser, tmp_path, paper):
    """The report printed at the printer's paper size (the page's CSS sets none): every page that size,
    none blank, every typed answer in the text, and nothing fetched from anywhere while it renders."""
    r = answers()
    html = report_html(r, GUIDE, today=TODAY, title="Springfield", team=team_picture())
    context = browser.new_context()
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.set_content(html, wait_until="load")
        pdf = page.pdf(format=paper, prefer_css_page_size=False, print_background=True)
    finally:
        context.close()
    assert [] == [u for u in requests if not u.startswith(("about:", "data:"))]
    reader, pages = pdf_text(pdf)
    width, height = PAPER[paper]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert [] == [(w, h) for w, h in sizes if not (math.isclose(w, width, abs_tol=TOLERANCE_PT)
                                                   and math.isclose(h, height, abs_tol=TOLERANCE_PT))]
    assert len(pages) >= 4
    assert [] == [n for n, text in enumerate(pages, start=1) if not text.strip()]
    assert [] == missing_answers(pages, r)
    assert "Total: 29 of 40 (10 of 10 rated)." in words(" ".join(pages))


def test_libreoffice_opens_the_word_file_and_prints_every_answer(tmp_path):
    """LibreOffice Writer converts the .docx to PDF without an error; the PDF holds every typed answer."""
    soffice = shutil.which("soffice")
    # Writer is a package of its own beside soffice (Calc alone cannot open a .docx): its library says it is there.
    need(soffice is not None and (Path(soffice).resolve().parent / "libswlo.so").exists(), "LibreOffice Writer")
    r = answers()
    source = tmp_path / "plan.docx"
    source.write_bytes(report_docx(r, GUIDE, today=TODAY, title="Springfield"))
    out = tmp_path / "pdf"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180)
    assert 0 == result.returncode, result.stdout + result.stderr
    converted = Path(out / "plan.pdf")
    assert converted.exists(), result.stdout + result.stderr
    reader, pages = pdf_text(converted.read_bytes())
    assert len(pages) >= 4
    assert [] == [n for n, text in enumerate(pages, start=1) if not text.strip()]
    assert [] == missing_answers(pages, r)
