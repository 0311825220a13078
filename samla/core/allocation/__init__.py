"""The allocation engine: exact, explainable, no Django.

Public API::

    from samla.core.allocation import allocate, load_programme_folder, ProgrammeSpec, AllocationError
    result = allocate(load_programme_folder("examples/pilot-2020"))
    result.totals[2021]                 # int NOK
    result.amount("3420", 2021)         # int NOK
    result.explain("3420", 2021)        # Explanation: parts that sum to the amount, factors, text

Every explanation text, warning and error message is a ``Text`` (text.py): the English string, with the
template and parameters a user interface needs to say it in another language.
"""

from samla.core.allocation.engine import allocate
from samla.core.allocation.errors import AllocationError, InputError
from samla.core.allocation.folder import load_programme_folder
from samla.core.allocation.model import (
    AllocationResult,
    Continuation,
    ContinuationRow,
    Explanation,
    ExplanationPart,
    GrowthFactor,
    MunicipalityRef,
    ProgrammeSpec,
    SchemeRule,
)
from samla.core.allocation.text import Text

__all__ = [
    "AllocationError",
    "AllocationResult",
    "Continuation",
    "ContinuationRow",
    "Explanation",
    "ExplanationPart",
    "GrowthFactor",
    "InputError",
    "MunicipalityRef",
    "ProgrammeSpec",
    "SchemeRule",
    "Text",
    "allocate",
    "load_programme_folder",
]
