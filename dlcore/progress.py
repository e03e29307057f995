"""How far each step is done, for the sidebar and the summary."""

from __future__ import annotations

from dataclasses import dataclass

from dlcore.content import Guide
from dlcore.gaps import chosen_gap_areas
from dlcore.responses import Responses


@dataclass(frozen=True)
class StepProgress:
    number: int
    title: str
    done: int
    of: int
    detail: str

    @property
    def complete(self) -> bool:
        return self.done >= self.of


def progress(responses: Responses, guide: Guide) -> list[StepProgress]:
    r = responses
    cr = guide.cultural_readiness.statements
    ir = guide.implementation_readiness.statements
    questions = [q.id for f in guide.approaches.families for q in f.key_questions]
    gaps = chosen_gap_areas(r.gap_areas, r.cultural_readiness, guide)
    elements = guide.implementation_planning.elements
    cr_done = sum(s.id in r.cultural_readiness for s in cr)
    kq_done = sum(q in r.key_questions for q in questions)
    ir_done = sum(s.id in r.implementation_readiness for s in ir)
    reflected = sum(g in r.gap_reflections for g in gaps)
    profiled = sum(e.id in r.strategy_profile for e in elements)
    return [
        StepProgress(1, guide.cultural_readiness.title, cr_done, len(cr), f"{cr_done} of {len(cr)} rated"),
        StepProgress(2, guide.approaches.title, kq_done, len(questions),
                     f"{kq_done} of {len(questions)} key questions answered"),
        StepProgress(3, guide.implementation_readiness.title, ir_done + (r.approach is not None), len(ir) + 1,
                     ("approach chosen, " if r.approach else "no approach yet, ") + f"{ir_done} of {len(ir)} rated"),
        StepProgress(4, guide.implementation_planning.title, reflected + profiled, len(gaps) + len(elements),
                     (f"{reflected} of {len(gaps)} gap areas reflected on, " if gaps else "no gap areas yet, ")
                     + f"{profiled} of {len(elements)} profile notes"),
    ]
