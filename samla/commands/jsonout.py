"""The JSON the ``samla`` commands print: one top-level key, and one item of a list of objects, per line.

Made with the json module's C encoder. (An indented ``json.dumps`` is written in pure Python, and at national
scale it takes longer than the allocation or the statistics themselves.)
"""

from __future__ import annotations

import json
from typing import Any


def dumps(data: dict[str, Any]) -> str:
    def value(item: Any) -> str:
        return json.dumps(item, ensure_ascii=False)

    def block(item: Any) -> str:
        if isinstance(item, list) and item and isinstance(item[0], dict):
            return "[\n" + ",\n".join("    " + value(row) for row in item) + "\n  ]"
        return value(item)

    return "{\n" + ",\n".join(f"  {value(key)}: {block(item)}" for key, item in data.items()) + "\n}\n"
