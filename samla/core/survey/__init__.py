"""Survey statistics for the reflection forms: pure Python, exact, no Django.

Public API::

    from samla.core.survey import Answer, DK, item_statistics, changes, municipality_comparison, read_long_csv
    answers = read_long_csv("examples/reflection-illustrative/responses.csv")
    stats = item_statistics(answers)                  # one ItemStats per (item, wave), sorted
    changes(stats, "2019", "2022")                    # Change per item present in both waves
    municipality_comparison(answers, "3420")          # own answer beside the group, suppressed below 3
"""

from samla.core.survey.longcsv import HEADER, parse_value, read_long_csv
from samla.core.survey.model import (
    DEFAULT_MIN_GROUP,
    DK,
    SCALE,
    Answer,
    Change,
    Comparison,
    ItemStats,
    Responses,
    SurveyInputError,
)
from samla.core.survey.output import change_as_dict, change_row, item_as_dict, item_row
from samla.core.survey.statistics import (
    changes,
    consecutive_changes,
    item_statistics,
    municipality_comparison,
    natural_key,
    suppressed,
    value_slot,
    waves,
)

__all__ = [
    "DEFAULT_MIN_GROUP",
    "DK",
    "HEADER",
    "SCALE",
    "Answer",
    "Change",
    "Comparison",
    "ItemStats",
    "Responses",
    "SurveyInputError",
    "change_as_dict",
    "change_row",
    "changes",
    "consecutive_changes",
    "item_as_dict",
    "item_row",
    "item_statistics",
    "municipality_comparison",
    "natural_key",
    "parse_value",
    "read_long_csv",
    "suppressed",
    "value_slot",
    "waves",
]
