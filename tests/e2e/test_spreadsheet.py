"""A CSV the app wrote, opened in LibreOffice Calc: text that looks like a formula stays text."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

from dlcore import Responses, write_csv
from tests.e2e.conftest import GUIDE, need

FORMULAS = {"=1+1": "2", "+SUM(1,2)": "3", "-2+3": "1", "@SUM(1)": "1"}  # text -> what Calc would compute
# Import as a person opening the file would (UTF-8, comma, first line 1, formulas evaluated);
# export each cell as shown on screen.
IMPORT = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"
EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false"


def as_calc_shows(csv_file: Path, work: Path) -> list[list[str]]:
    """The cells of ``csv_file`` as LibreOffice Calc displays them (soffice converts it, with a private profile)."""
    out = work / "shown"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
         f"--infilter={IMPORT}", "--convert-to", EXPORT, "--outdir", str(out), str(csv_file)],
        check=True, capture_output=True, timeout=120)
    text = (out / csv_file.name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_like_answers_show_as_text_in_a_spreadsheet(tmp_path):
    """Answers beginning with = + - @ show as their text in Calc, never as the value a formula computes."""
    need(shutil.which("soffice") is not None, "LibreOffice Calc (soffice)")
    ids = ["EV-purpose", "EV-structure", "EV-training", "EV-bargaining"]
    answers = Responses(respondent="=1+1", key_questions=dict(zip(ids, FORMULAS, strict=True)))
    (tmp_path / "answers.csv").write_bytes(write_csv(answers, GUIDE))
    # The same cells written bare, as a control: Calc does compute a bare =1+1 on this import.
    (tmp_path / "bare.csv").write_text("respondent,response\r\n=1+1,=1+1\r\n", encoding="utf-8")
    assert [["respondent", "response"], ["2", "2"]] == as_calc_shows(tmp_path / "bare.csv", tmp_path)

    header, *rows = as_calc_shows(tmp_path / "answers.csv", tmp_path)
    column = {name: n for n, name in enumerate(header)}
    shown = {row[column["item_id"]]: row for row in rows}
    for item_id, (text, computed) in zip(ids, FORMULAS.items(), strict=True):
        cell = shown[item_id][column["response"]]
        assert cell in (text, "'" + text), f"{text!r} shows as {cell!r}"
        assert computed != cell
        assert shown[item_id][column["respondent"]] in ("=1+1", "'=1+1")
