"""The allocation engine: exact, explainable, no Django.

Public API::

    from samla.core.allocation import allocate, load_programme_folder, ProgrammeSpec, AllocationError
    result = allocate(load_programme_folder("examples/pilot-2020"))
    result.totals[2021]                 # int NOK
    result.amount("3420", 2021)         # int NOK
    result.explain("3420", 2021)        # Explanation: parts that sum to the amount, factors, text
    allocate_scenario(spec, "strict_pooling")   # continued grants paid from the pot (scenarios.py)
    result_to_data(result) / result_from_data(data)   # the stored form, versioned (document.py)

Every explanation text, warning and error message is a ``Text`` (text.py): the English string, with the
template and parameters a user interface needs to say it in another language.

Modules import downwards only: text, money → model, rounding, errors → explain → engine → scenarios;
document and folder → model. (A test checks there is no cycle.)
"""

from samla.core.allocation.document import SCHEMA_VERSION, result_from_data, result_to_data
from samla.core.allocation.engine import allocate
from samla.core.allocation.errors import AllocationError, InputError
from samla.core.allocation.folder import load_programme_folder
from samla.core.allocation.model import (
    SCENARIOS,
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
from samla.core.allocation.scenarios import allocate_scenario, scenario_input
from samla.core.allocation.text import Text

__all__ = [
    "SCENARIOS",
    "SCHEMA_VERSION",
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
    "allocate_scenario",
    "load_programme_folder",
    "result_from_data",
    "result_to_data",
    "scenario_input",
]
