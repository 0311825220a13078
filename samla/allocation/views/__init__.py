"""The allocation pages: programmes and their decided amounts (programmes.py), allocation runs (runs.py), award
letters (letters.py) and the directorate's allocation rules (rules.py)."""
