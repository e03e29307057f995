"""Pure-Python core of the distributed-leadership planning dashboard (no Streamlit here)."""

from dlcore.autosave import Autosaver, SaveStatus
from dlcore.content import ContentError, Guide, load_guide, load_guide_from
from dlcore.csv_io import CsvError, read_csv, write_csv
from dlcore.figures import radar, readiness_radar
from dlcore.gaps import chosen_gap_areas, propose_gap_areas, reflect_on_gap
from dlcore.profile import strategy_profile
from dlcore.progress import progress
from dlcore.report import report_file_name, report_html
from dlcore.responses import Responses
from dlcore.scoring import cultural_readiness, implementation_readiness, recommend_approach, suggested_approach
from dlcore.store import Store, StoreUnavailable, database_url, is_valid_token, new_token
from dlcore.word import report_docx

__all__ = [
    "Autosaver", "ContentError", "CsvError", "Guide", "Responses", "SaveStatus", "Store", "StoreUnavailable",
    "chosen_gap_areas", "cultural_readiness", "database_url", "implementation_readiness", "is_valid_token",
    "load_guide", "load_guide_from", "new_token",
    "progress", "propose_gap_areas", "radar", "readiness_radar", "read_csv", "recommend_approach",
    "reflect_on_gap", "report_docx", "report_file_name", "report_html", "strategy_profile", "suggested_approach",
    "write_csv",
]
