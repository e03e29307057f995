"""Loading answers from a CSV in the sidebar: exact restore, a confirming step, and refusals that lose nothing."""

from __future__ import annotations

import copy

import pytest

from dlcore import Responses, load_guide, write_csv
from dlcore.csv_io import MAX_ANSWER_ROWS, MAX_ROWS
from tests.conftest import answers, open_app, rate

HEADER = "respondent,role,step,item_id,item,rating,response\r\n"


def filled() -> Responses:
    r = Responses(respondent="Ana Souza", role="Teacher")
    for n in range(1, 11):
        r.rate(f"CR{n}", 1 + n % 4)
    r.rate("IR2", 3)
    r.write("rationales", "IR2", 'Our "deputy", Ms. O’Neil, leads it,\nwith the union.')
    r.write("key_questions", "EV-purpose", "=HYPERLINK(\"http://x\")")
    r.write("strategy_profile", "risks", "-turnover; +budget; @board")
    r.choose_approach("par")
    r.choose_gap_areas(["CR4", "CR8"])
    r.write("gap_reflections", "CR8", "Pilot rounds first – 先试点")
    return r


def upload(at, name: str, data: bytes):
    at.sidebar.file_uploader[0].set_value((name, data, "text/csv"))
    return at.run()


def test_an_upload_into_a_blank_session_restores_every_answer_exactly():
    original = filled()
    at = upload(open_app("app_pages/cultural_readiness.py"), "mine.csv", write_csv(original, load_guide()))
    assert not at.exception
    assert original == answers(at)
    assert 2 == at.select_slider(key="dldash.rate.CR1").value
    assert "Answers loaded from" in at.sidebar.success[0].value


def test_an_upload_over_existing_answers_waits_for_replace_my_answers():
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 4})
    before = copy.deepcopy(answers(at))
    at = upload(at, "team.csv", write_csv(filled(), load_guide()))
    assert before == answers(at)  # nothing replaced yet
    assert "replaces **all** the answers" in at.sidebar.warning[0].value
    replace = at.sidebar.button[0]
    assert "Replace my answers" == replace.label
    replace.click().run()
    assert filled() == answers(at)
    assert 2 == at.select_slider(key="dldash.rate.CR1").value  # the slider shows the loaded value


BAD_FILES = [
    ("wrong column", HEADER.replace("rating", "score") + ",,cultural_readiness,CR1,x,3,\r\n", "no column “rating”"),
    ("unknown id", HEADER + ",,cultural_readiness,CR11,x,3,\r\n", "“CR11” is not an item"),
    ("rating out of range", HEADER + ",,cultural_readiness,CR1,x,7,\r\n", "“7” is not a rating"),
    ("same item twice", HEADER + ",,cultural_readiness,CR1,x,3,\r\n,,cultural_readiness,CR1,x,2,\r\n",
     "Row 3 repeats"),
    ("not utf-8", (HEADER + ",,strategy_profile,leader,x,,Andr\xe9\r\n").encode("latin-1"), "not UTF-8"),
    ("not csv at all", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ("an answer over the limit", HEADER + ",,strategy_profile,leader,x,," + "a" * 20_001 + "\r\n",
     "Row 2, column “response”: the answer is 20,001 characters long; an answer can hold up to 20,000."),
    ("a name over the limit", HEADER + "n" * 5_000 + ",,cultural_readiness,CR1,x,3,\r\n",
     "Row 2, column “respondent”: the name is 5,000 characters long; a name can hold up to 120."),
    ("4.9 MB of blank lines", HEADER + "\n" * 4_900_000,
     f"The file has more than {MAX_ROWS} rows; a responses CSV of one person has at most {MAX_ANSWER_ROWS}."),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_upload_is_refused_with_a_reason_and_changes_nothing(name, data, message):
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 4, "CR2": 1})
    before = copy.deepcopy(answers(at))
    at = upload(at, "bad.csv", data if isinstance(data, bytes) else data.encode("utf-8"))
    assert not at.exception
    error = at.sidebar.error[0].value.replace("\\", "")
    assert message in error
    assert "Your answers are unchanged" in error
    assert before == answers(at)
    assert 4 == at.select_slider(key="dldash.rate.CR1").value


def test_a_file_over_the_size_limit_is_refused():
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 4})
    big = HEADER.encode() + b",,strategy_profile,leader,x,," + b"a" * (6 * 1024 * 1024) + b"\r\n"
    at = upload(at, "huge.csv", big)
    assert "MB" in at.sidebar.error[0].value
    assert {"CR1": 4} == answers(at).cultural_readiness


def test_user_text_in_a_bad_file_is_shown_as_text_not_markdown():
    at = open_app("app_pages/home.py")
    at = upload(at, "x.csv", (HEADER + ",,**bold** [link](http://evil),CR1,x,3,\r\n").encode())
    error = at.sidebar.error[0].value
    assert "\\*\\*bold\\*\\*" in error
    assert "\\[link\\]" in error
