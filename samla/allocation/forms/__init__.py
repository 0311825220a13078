"""Forms of the allocation pages: runs (runs.py) and the allocation rules with Norwegian number input (rules.py).
They validate and convert; ``samla.allocation.services`` writes."""
