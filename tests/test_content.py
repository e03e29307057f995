"""The guide's content in data/: it loads, it quotes the guide, and bad data is named clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dlcore.content import (
    APPROACH_IDS,
    CULTURAL_READINESS_IDS,
    DATA_DIR,
    FAMILY_IDS,
    IMPLEMENTATION_READINESS_IDS,
    KEY_QUESTION_IDS,
    STRATEGY_PROFILE_IDS,
    TEAM_ROLE_IDS,
    ContentError,
    Guide,
    load_guide,
    load_guide_from,
)

SEEDS = Path("/work/shared/seeds")
GUIDE_SEED = SEEDS / "000_6cea567bdc29f174.txt"
BAIN_SEED = SEEDS / "001_019d4a73eedc2c80.txt"


def _seed(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"source text {path} is not available here")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide()


@pytest.fixture(scope="module")
def source() -> str:
    """The guide as published: every quoted string must be found in it unchanged."""
    return _seed(GUIDE_SEED)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _all_strings(v)]
    return []


def _links(guide: Guide):
    yield from (r for f in guide.approaches.families for m in f.models for r in m.resources)
    yield from guide.conclusion.delivery_links
    yield from guide.conclusion.further_resources
    yield guide.implementation_readiness.source_link
    yield guide.implementation_planning.source_link


# Loading ----------------------------------------------------------------------


def test_the_guide_loads_from_the_data_folder(guide):
    """load_guide() reads and validates every section file without error."""
    assert "An Interactive Planning Guide for Distributed Leadership" == guide.home.title


# Verbatim quotes ----------------------------------------------------------------


@pytest.mark.parametrize("item_id", CULTURAL_READINESS_IDS)
def test_each_cultural_readiness_statement_is_quoted_verbatim(guide, source, item_id):
    """Each Step 1 statement people rate appears word for word in the guide."""
    text = guide.statement(item_id).text
    assert text in source


@pytest.mark.parametrize("item_id", IMPLEMENTATION_READINESS_IDS)
def test_each_implementation_readiness_statement_is_quoted_verbatim(guide, source, item_id):
    """Each Step 3 statement people rate appears word for word in the guide."""
    text = guide.statement(item_id).text
    assert text in source


def test_no_rated_statement_holds_markdown(guide):
    """A statement is shown as its slider's label unescaped, because the label is also the slider's
    accessible name (escapes would be read aloud); Markdown characters would format it instead."""
    for statement in guide.cultural_readiness.statements + guide.implementation_readiness.statements:
        assert not set("*_[]`~<>$#|\\") & set(statement.text), statement.id


def test_each_key_question_is_quoted_verbatim(guide, source):
    """Every key question, without its bullet, appears word for word in the guide."""
    questions = [q for f in guide.approaches.families for kq in f.key_questions for q in kq.questions]
    assert [] == [q for q in questions if q.startswith("• ") or q not in source]


def test_each_district_tip_is_quoted_verbatim(guide, source):
    """Every tip from districts appears word for word in the guide (quotation marks are the app's)."""
    tips = [t for f in guide.approaches.families for t in f.tips]
    assert (5, 6) == tuple(len(f.tips) for f in guide.approaches.families)
    assert [] == [t for t in tips if t not in source]


def test_each_model_description_and_goal_is_quoted_verbatim(guide, source):
    """What each approach is and what it aims for is quoted word for word."""
    lines = [s for f in guide.approaches.families for m in f.models for s in (*m.what, *m.goals)]
    assert [] == [s for s in lines if s not in source]


def test_each_strategy_profile_tip_is_quoted_verbatim(guide, source):
    """The tips of every strategy profile element are quoted word for word, without bullets."""
    tips = [t for e in guide.implementation_planning.elements for t in e.tips]
    assert [] == [t for t in tips if t.startswith("• ") or t not in source]


def test_the_milestone_prompts_are_quoted_from_the_bain_report(guide):
    """The phased-rollout prompts under Milestones are the report's own words."""
    report = _seed(BAIN_SEED)
    prompts = guide.element("milestones").prompts
    assert ["Phase 1: Design", "Phase 2: Pilot and refine", "Phase 3: Roll out system-wide"] == [
        p.title for p in prompts
    ]
    assert [] == [i for p in prompts for i in p.items if i not in report]


def test_no_markup_from_the_source_is_left_in_the_text(guide):
    """HTML tags, markdown bold, entities and placeholder links are stripped from every string."""
    leftovers = ("<", "**", "&amp;", "](#)")
    strings = _all_strings(guide.model_dump())
    assert [] == [s for s in strings if any(mark in s for mark in leftovers)]


# The data contract ------------------------------------------------------------


def test_the_rated_statements_have_exactly_the_contract_ids_in_order(guide):
    """Step 1 is CR1..CR10 and Step 3 is IR1..IR8, in the guide's order."""
    assert CULTURAL_READINESS_IDS == tuple(s.id for s in guide.cultural_readiness.statements)
    assert IMPLEMENTATION_READINESS_IDS == tuple(s.id for s in guide.implementation_readiness.statements)


def test_the_approaches_have_exactly_the_contract_ids_in_order(guide):
    """Families, models and key questions carry the contract's ids, evaluative first."""
    families = guide.approaches.families
    assert FAMILY_IDS == tuple(f.id for f in families)
    assert APPROACH_IDS == tuple(m.id for f in families for m in f.models)
    assert KEY_QUESTION_IDS == tuple(q.id for f in families for q in f.key_questions)


def test_the_strategy_profile_has_exactly_the_contract_elements_in_order(guide):
    """The seven strategy profile elements carry the contract's ids, in the guide's order."""
    assert STRATEGY_PROFILE_IDS == tuple(e.id for e in guide.implementation_planning.elements)


def test_the_home_spectrum_runs_from_formal_to_collaborative(guide):
    """The home page's chart lists the approaches from PAR to collaborative learning."""
    assert ["par", "secondary_evaluators", "instructional_coaches", "collaborative_learning"] == guide.home.spectrum


# The source's swapped goal headings -------------------------------------------


def test_the_instructional_coaches_goals_are_about_coaches(guide):
    """Every goal shown under instructional coaches talks about coaches."""
    model = guide.model("instructional_coaches")
    assert "Goals of instructional coaches:" == model.goals_heading
    assert [] == [g for g in model.goals if "coach" not in g.lower()]


def test_the_collaborative_learning_goals_are_not_about_coaches(guide):
    """No goal shown under collaborative learning talks about coaches."""
    model = guide.model("collaborative_learning")
    assert "Goals of collaborative learning:" == model.goals_heading
    assert [] == [g for g in model.goals if "coach" in g.lower()]


# Step 1 threshold and Step 4 focus rules ---------------------------------------


def test_a_step_1_total_of_25_or_more_points_to_an_evaluative_approach(guide):
    """The threshold is 25: at or above it evaluative, below it non-evaluative."""
    threshold = guide.cultural_readiness.threshold
    assert (25, "evaluative", "non_evaluative") == (threshold.at_least, threshold.at_or_above, threshold.below)


def test_every_focus_rule_names_a_rated_statement_and_a_profile_element(guide):
    """Focus rules point from a CR or IR id to a strategy profile element id."""
    rated = set(CULTURAL_READINESS_IDS) | set(IMPLEMENTATION_READINESS_IDS)
    rules = guide.implementation_planning.focus_rules
    assert [] == [r for r in rules if r.statement not in rated or r.element not in STRATEGY_PROFILE_IDS]


def test_the_guides_own_focus_examples_are_rules(guide):
    """The guide's examples hold: shared vision (CR10) -> description, stakeholders (IR8) -> stakeholders."""
    pairs = {(r.statement, r.element) for r in guide.implementation_planning.focus_rules}
    assert {("CR10", "description"), ("IR8", "stakeholders")} <= pairs


# Display details --------------------------------------------------------------


def test_every_radar_label_is_short(guide):
    """Each statement's axis label fits the radar chart (28 characters at most)."""
    statements = guide.cultural_readiness.statements + guide.implementation_readiness.statements
    assert [] == [s.short for s in statements if len(s.short) > 28]


def test_only_real_addresses_are_given_as_links(guide):
    """A link either has no url (the guide's placeholders) or a full https address."""
    assert [] == [link.url for link in _links(guide) if link.url is not None and not link.url.startswith("https://")]


# Error messages ---------------------------------------------------------------


def test_an_unknown_key_is_reported_with_its_file_and_location(data_copy):
    """A misspelt key in a statement names the file and the statement it sits in."""
    _edit(data_copy / "cultural_readiness.yaml", lambda raw: raw["statements"][0].update(colour="red"))
    with pytest.raises(ContentError, match="cultural_readiness.yaml") as error:
        load_guide_from(data_copy)
    assert "statements.0.colour" in str(error.value)


def test_a_duplicated_statement_id_is_reported(data_copy):
    """Two statements with the same id are refused, naming the id."""
    _edit(data_copy / "cultural_readiness.yaml", lambda raw: raw["statements"][1].update(id="CR1"))
    with pytest.raises(ContentError, match="'CR1' is given twice"):
        load_guide_from(data_copy)


def test_a_missing_file_is_reported(data_copy):
    """A section file that is not there is named."""
    (data_copy / "conclusion.yaml").unlink()
    with pytest.raises(ContentError, match=r"conclusion\.yaml: file is missing"):
        load_guide_from(data_copy)


def test_a_missing_statement_id_is_reported(data_copy):
    """A Step 3 statement left out is named as a missing id."""
    _edit(data_copy / "implementation_readiness.yaml", lambda raw: raw["statements"].pop())
    with pytest.raises(ContentError, match="missing id.*IR8"):
        load_guide_from(data_copy)


# Team sessions (data/team.yaml) -------------------------------------------------


CTQ_SEED = SEEDS / "002_ec22c511db0ddfe9.txt"


def test_the_team_roles_have_exactly_the_contract_ids_and_labels(guide):
    """The six roles a participant picks from, in order; "" and an id no longer listed are "Role not given"."""
    assert TEAM_ROLE_IDS == tuple(r.id for r in guide.team.roles)
    assert ["District administrator", "School administrator", "Union leader", "Teacher", "Coach or specialist",
            "Other"] == [r.label for r in guide.team.roles]
    assert ("Teacher", "Role not given", "Role not given") == tuple(
        guide.team.role_label(r) for r in ("teacher", "", "principal"))


def test_the_split_rule_and_role_gap_are_a_quarter_a_1_and_a_4_and_one_point(guide):
    """The disagreement rule's parameters and the sentences that say them."""
    split, gap = guide.team.split, guide.team.role_gap
    assert (0.25, (1, 4)) == (split.min_share_each_side, split.extremes)
    assert ("Flagged for discussion: at least a quarter of raters on each side (1-2 against 3-4), "
            "or both a 1 and a 4.") == split.sentence
    assert ("both sides", "a 1 and a 4") == (split.both_sides_reason, split.extremes_reason)
    assert 1.0 == gap.threshold
    assert "1.0 point" in gap.sentence


def test_the_note_on_perceptions_is_quoted_from_the_collective_leadership_guide(guide):
    """The note beside the role comparison appears word for word in the CTQ strategy guides."""
    quote = guide.team.perceptions
    assert "administration and teacher perceptions" in quote.text
    assert quote.text in _seed(CTQ_SEED)
    assert "Center for Teaching Quality" in quote.source


@pytest.mark.parametrize(("change", "message"), [
    (lambda raw: raw["split"].update(min_share_each_side=0.5),
     "team.yaml: split: Value error, sentence must say the rule's parameters: it lacks 'at least half'"),
    (lambda raw: raw["split"].update(min_share_each_side=0.3),
     "team.yaml: split: Value error, sentence must say the rule's parameters: it lacks 'at least 30%'"),
    (lambda raw: raw["split"].update(extremes=[1, 3]),
     "team.yaml: split: Value error, sentence must say the rule's parameters: it lacks 'a 1 and a 3'"),
    (lambda raw: raw["split"].update(extremes=[4, 1]),
     "team.yaml: split: Value error, extremes must be two ratings from 1 to 4, lower first, not [4, 1]"),
    (lambda raw: raw["split"].update(min_share_each_side=0.75),
     "team.yaml: split: Value error, min_share_each_side must be above 0 and at most 0.5 "
     "(half on each side), not 0.75"),
    (lambda raw: raw["split"].update(extremes_reason="the extremes"),
     "team.yaml: split: Value error, extremes_reason must be 'a 1 and a 4', as extremes say"),
    (lambda raw: raw["role_gap"].update(threshold=1.5),
     "team.yaml: role_gap: Value error, sentence must say the threshold: it lacks '1.5 point'"),
    (lambda raw: raw.update(left_out_note="Some roles are not shown."),
     "team.yaml: (top level): Value error, left_out_note must hold {count}, where the number of roles left out goes"),
    (lambda raw: raw.update(role_not_given="Teacher"),
     "team.yaml: (top level): Value error, role labels and role_not_given must all differ"),
    (lambda raw: raw["split"].update(share=0.25), "team.yaml: split.share: Extra inputs are not permitted"),
    (lambda raw: raw["roles"].pop(), "team.yaml roles: missing id(s) other"),
    (lambda raw: raw["roles"][0].update(id="district"),
     "team.yaml roles: missing id(s) district_admin"),
])
def test_team_content_that_does_not_hold_together_is_refused_with_its_place(data_copy, change, message):
    """A sentence that no longer says the parameters, a bad parameter, an unknown key or a missing role id."""
    _edit(data_copy / "team.yaml", change)
    with pytest.raises(ContentError) as error:
        load_guide_from(data_copy)
    assert message == str(error.value)
