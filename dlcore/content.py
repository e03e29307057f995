"""The guide's content, read from ``data/*.yaml`` and validated once when it loads.

Pages render only what these models hold, so a typo in the data is caught here,
with the file and the item named, instead of showing up as a gap on screen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The data contract (DESIGN.md): ids that responses from many people and many
# versions of the text are combined by. The data files must define exactly these.
CULTURAL_READINESS_IDS = tuple(f"CR{i}" for i in range(1, 11))
IMPLEMENTATION_READINESS_IDS = tuple(f"IR{i}" for i in range(1, 9))
APPROACH_IDS = ("par", "secondary_evaluators", "instructional_coaches", "collaborative_learning")
KEY_QUESTION_IDS = (
    "EV-purpose", "EV-structure", "EV-training", "EV-bargaining",
    "NE-vision", "NE-purpose", "NE-structure", "NE-supports",
)
STRATEGY_PROFILE_IDS = ("description", "leader", "success", "evidence", "milestones", "risks", "stakeholders")
FAMILY_IDS = ("evaluative", "non_evaluative")
# A team participant's role, stored with their answers (data/team.yaml gives the labels).
TEAM_ROLE_IDS = ("district_admin", "school_admin", "union_leader", "teacher", "coach_specialist", "other")


class ContentError(ValueError):
    """The content in data/ is not what the app needs; the message names file and item."""


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(Strict):
    title: str
    source: str = ""
    url: str | None = None
    note: str = ""


class Statement(Strict):
    id: str
    text: str
    short: str  # radar axis label; the full text shows on hover


class RatingScale(Strict):
    labels: dict[int, str]
    not_rated: str

    @model_validator(mode="after")
    def _one_to_four(self) -> RatingScale:
        if sorted(self.labels) != [1, 2, 3, 4]:
            raise ValueError("labels must be given for exactly the ratings 1, 2, 3 and 4")
        return self


class Threshold(Strict):
    """Step 1 total at or above ``at_least`` suggests ``at_or_above``, below it ``below``."""

    at_least: int
    at_or_above: Literal["evaluative", "non_evaluative"]
    below: Literal["evaluative", "non_evaluative"]


class Questionnaire(Strict):
    title: str
    subtitle: str
    intro: list[str]
    statements: list[Statement]
    source_note: str = ""
    source_link: Link | None = None


class CulturalReadiness(Questionnaire):
    threshold: Threshold
    shortcut: str  # "If you have already chosen an approach ..."


class ImplementationReadiness(Questionnaire):
    approach_label: str
    approach_help: str
    rationale_label: str


class ApproachModel(Strict):
    id: str
    name: str
    short_name: str
    what_heading: str
    what: list[str]
    goals_heading: str
    goals: list[str]
    resources: list[Link]


class KeyQuestion(Strict):
    id: str
    issue: str
    questions: list[str]


class Family(Strict):
    id: Literal["evaluative", "non_evaluative"]
    label: str  # "EVALUATIVE"
    title: str
    intro: list[str]
    recommendation: str  # what Step 1 says when the total points here
    why: str  # one sentence of why, shown with the recommendation
    models: list[ApproachModel]
    key_questions_intro: str
    key_questions: list[KeyQuestion]
    tips_heading: str
    tips: list[str]


class Approaches(Strict):
    title: str
    subtitle: str
    key_questions_heading: str
    resources_heading: str
    answer_label: str
    families: list[Family]
    next_steps: str


class PromptGroup(Strict):
    title: str
    items: list[str]


class ProfileElement(Strict):
    id: str
    name: str
    tips: list[str]
    prompts_heading: str = ""
    prompts_source: str = ""
    prompts: list[PromptGroup] = []


class FocusRule(Strict):
    """A low rating of ``statement`` points to the strategy profile ``element``."""

    statement: str
    element: str
    reason: str


class ImplementationPlanning(Strict):
    title: str
    subtitle: str
    intro: list[str]
    gap_heading: str
    gap_intro: list[str]
    gap_limit: int
    low_ratings: list[int]
    gap_statement_heading: str
    gap_reflection_heading: str
    profile_heading: str
    profile_intro: list[str]
    elements: list[ProfileElement]
    focus_intro: str
    focus_rules: list[FocusRule]
    source_note: str
    source_link: Link


class StepCard(Strict):
    number: int
    title: str
    subtitle: str


class Fact(Strict):
    figure: str
    text: str
    source: str


class Home(Strict):
    title: str
    intro: list[str]
    what_is_heading: str
    what_is: list[str]
    benefits: list[str]
    approaches_heading: str
    approaches_intro: list[str]
    spectrum: list[str]  # the four model ids, formal/evaluative first
    how_to_use_heading: str
    how_to_use: list[str]
    steps: list[StepCard]
    facts_heading: str
    facts: list[Fact]


class Conclusion(Strict):
    title: str
    quote: str
    quote_attribution: str
    contact: list[str]
    contact_email: str
    delivery_links: list[Link]
    further_heading: str
    further_resources: list[Link]
    produced_heading: str
    produced: list[str]


class Role(Strict):
    id: str
    label: str


# How a share of raters is said in the sentence of the split rule; any other share is said in percent.
_SHARES_IN_WORDS = {0.5: "half", 0.25: "a quarter", 0.2: "a fifth", 0.1: "a tenth"}


class SplitRule(Strict):
    """A statement is split when at least ``min_share_each_side`` of its raters gave 1-2 and at least
    as many gave 3-4, or when both ratings of ``extremes`` were given. ``sentence`` says so in words."""

    min_share_each_side: float
    extremes: tuple[int, int]
    sentence: str
    both_sides_reason: str  # why a statement is flagged, shown beside it
    extremes_reason: str

    @model_validator(mode="after")
    def _sentence_says_the_rule(self) -> SplitRule:
        share, (low, high) = self.min_share_each_side, self.extremes
        if not 0 < share <= 0.5:
            raise ValueError(f"min_share_each_side must be above 0 and at most 0.5 (half on each side), not {share}")
        if not (low in (1, 2, 3, 4) and high in (1, 2, 3, 4) and low < high):
            raise ValueError(f"extremes must be two ratings from 1 to 4, lower first, not {list(self.extremes)}")
        words = _SHARES_IN_WORDS.get(share, f"{share:.0%}")
        for part in (f"at least {words} ", "(1-2 against 3-4)", f"a {low} and a {high}"):
            if part not in self.sentence:
                raise ValueError(f"sentence must say the rule's parameters: it lacks {part.strip()!r}")
        if self.extremes_reason != f"a {low} and a {high}":
            raise ValueError(f"extremes_reason must be 'a {low} and a {high}', as extremes say")
        return self


class RoleGapRule(Strict):
    """Two roles are apart on a statement when their mean ratings differ by ``threshold`` or more."""

    threshold: float
    sentence: str

    @model_validator(mode="after")
    def _sentence_says_the_threshold(self) -> RoleGapRule:
        if not 0 < self.threshold <= 3:
            raise ValueError(f"threshold must be above 0 and at most 3 (the 1-4 scale), not {self.threshold}")
        if f"{self.threshold:.1f} point" not in self.sentence:
            raise ValueError(f"sentence must say the threshold: it lacks '{self.threshold:.1f} point'")
        return self


class Quote(Strict):
    text: str  # word for word from the source
    source: str


class Team(Strict):
    """Team sessions: the participants' roles and the rules that flag what to discuss."""

    roles: list[Role]
    role_not_given: str  # the group of those who chose no role
    left_out_note: str  # "{count} role(s) with a single member not shown, ..."
    split: SplitRule
    role_gap: RoleGapRule
    perceptions: Quote

    @model_validator(mode="after")
    def _labels(self) -> Team:
        labels = [r.label for r in self.roles] + [self.role_not_given]
        if len(set(labels)) != len(labels):
            raise ValueError("role labels and role_not_given must all differ")
        if "{count}" not in self.left_out_note:
            raise ValueError("left_out_note must hold {count}, where the number of roles left out goes")
        return self

    def role_label(self, role_id: str) -> str:
        """The label of ``role_id``; role_not_given for "" or an id no longer in the list."""
        return next((r.label for r in self.roles if r.id == role_id), self.role_not_given)


SECTIONS: dict[str, type[Strict]] = {
    "home": Home,
    "rating_scale": RatingScale,
    "cultural_readiness": CulturalReadiness,
    "approaches": Approaches,
    "implementation_readiness": ImplementationReadiness,
    "implementation_planning": ImplementationPlanning,
    "conclusion": Conclusion,
    "team": Team,
}


def _expect_ids(where: str, found: list[str], expected: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for item_id in found:
        if item_id in seen:
            raise ContentError(f"{where}: id {item_id!r} is given twice")
        seen.add(item_id)
    missing = [i for i in expected if i not in seen]
    unknown = [i for i in found if i not in expected]
    if missing:
        raise ContentError(f"{where}: missing id(s) {', '.join(missing)}")
    if unknown:
        raise ContentError(f"{where}: unknown id(s) {', '.join(unknown)}; expected {', '.join(expected)}")
    if tuple(found) != expected:
        raise ContentError(f"{where}: ids must be in the guide's order: {', '.join(expected)}")


class Guide(Strict):
    """The whole guide, with lookups by the ids of the data contract."""

    home: Home
    rating_scale: RatingScale
    cultural_readiness: CulturalReadiness
    approaches: Approaches
    implementation_readiness: ImplementationReadiness
    implementation_planning: ImplementationPlanning
    conclusion: Conclusion
    team: Team

    @model_validator(mode="after")
    def _data_contract(self) -> Guide:
        _expect_ids("cultural_readiness.yaml statements",
                    [s.id for s in self.cultural_readiness.statements], CULTURAL_READINESS_IDS)
        _expect_ids("implementation_readiness.yaml statements",
                    [s.id for s in self.implementation_readiness.statements], IMPLEMENTATION_READINESS_IDS)
        _expect_ids("approaches.yaml families", [f.id for f in self.approaches.families], FAMILY_IDS)
        _expect_ids("approaches.yaml models",
                    [m.id for f in self.approaches.families for m in f.models], APPROACH_IDS)
        _expect_ids("approaches.yaml key_questions",
                    [q.id for f in self.approaches.families for q in f.key_questions], KEY_QUESTION_IDS)
        _expect_ids("implementation_planning.yaml elements",
                    [e.id for e in self.implementation_planning.elements], STRATEGY_PROFILE_IDS)
        rated = set(CULTURAL_READINESS_IDS) | set(IMPLEMENTATION_READINESS_IDS)
        for n, rule in enumerate(self.implementation_planning.focus_rules):
            where = f"implementation_planning.yaml focus_rules[{n}]"
            if rule.statement not in rated:
                raise ContentError(f"{where}: statement {rule.statement!r} is not a CR or IR id")
            if rule.element not in STRATEGY_PROFILE_IDS:
                raise ContentError(f"{where}: element {rule.element!r} is not a strategy profile element")
        _expect_ids("team.yaml roles", [r.id for r in self.team.roles], TEAM_ROLE_IDS)
        if sorted(self.home.spectrum) != sorted(APPROACH_IDS):
            raise ContentError(f"home.yaml spectrum: must list each of {', '.join(APPROACH_IDS)} once")
        return self

    # Lookups -------------------------------------------------------------
    def statement(self, item_id: str) -> Statement:
        for s in self.cultural_readiness.statements + self.implementation_readiness.statements:
            if s.id == item_id:
                return s
        raise KeyError(item_id)

    def number(self, item_id: str) -> int:
        """A statement's number as the guide shows it (CR3 and IR3 are both 3)."""
        for statements in (self.cultural_readiness.statements, self.implementation_readiness.statements):
            for n, s in enumerate(statements, start=1):
                if s.id == item_id:
                    return n
        raise KeyError(item_id)

    def family(self, family_id: str) -> Family:
        return next(f for f in self.approaches.families if f.id == family_id)

    def model(self, approach_id: str) -> ApproachModel:
        return next(m for f in self.approaches.families for m in f.models if m.id == approach_id)

    def family_of(self, approach_id: str) -> Family:
        return next(f for f in self.approaches.families if any(m.id == approach_id for m in f.models))

    def key_question(self, item_id: str) -> KeyQuestion:
        return next(q for f in self.approaches.families for q in f.key_questions if q.id == item_id)

    def element(self, element_id: str) -> ProfileElement:
        return next(e for e in self.implementation_planning.elements if e.id == element_id)


def _where(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _read_section(path: Path, model: type[Strict]) -> Strict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path.name}: file is missing from {path.parent}") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ContentError(f"{path.name}: {_where(first)}: {first['msg']}") from None


def load_guide_from(data_dir: Path) -> Guide:
    """Read and validate every section file in ``data_dir`` (one YAML file per section)."""
    sections = {name: _read_section(data_dir / f"{name}.yaml", model) for name, model in SECTIONS.items()}
    try:
        return Guide.model_validate(sections)
    except ValidationError as exc:  # a ContentError raised inside a validator arrives wrapped
        first = exc.errors()[0]
        cause = first.get("ctx", {}).get("error")
        raise ContentError(str(cause) if cause else f"{_where(first)}: {first['msg']}") from None


@lru_cache(maxsize=1)
def load_guide() -> Guide:
    """The app's guide from ``data/``, read once per process."""
    return load_guide_from(DATA_DIR)
