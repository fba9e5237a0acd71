"""Writes docs/rules.md, the rule reference, from the registry seed (`python scripts/rules_reference.py`).

The seed is the single list of rules: the docs are generated from it, and
tests/test_docs.py fails when docs/rules.md is not what this script writes.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "dbt_project" / "seeds" / "reconciliation_rules.csv"
REFERENCE = REPO / "docs" / "rules.md"
COLUMNS = ("rule_id", "severity", "rule_description", "rule_formula", "template_clause", "fix_hint")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(seed: Path = SEED) -> str:
    with seed.open(encoding="utf-8", newline="") as f:
        rules = list(csv.DictReader(f))
    by_category = defaultdict(list)
    for rule in rules:
        by_category[rule["category"]].append(rule)
    out = [
        "# Rules",
        "",
        "Generated from `dbt_project/seeds/reconciliation_rules.csv` by `scripts/rules_reference.py`: edit the seed,",
        "then run the script. How rules are evaluated (statuses, tolerance): [reconciliation.md](reconciliation.md).",
        "",
        f"{len(rules)} rules in {len(by_category)} categories: "
        + ", ".join(f"{category} ({len(by_category[category])})" for category in sorted(by_category))
        + ".",
    ]
    for category in sorted(by_category):
        out += ["", f"## {category}", "", "| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        out += [
            "| " + " | ".join(_cell(rule[c]) for c in COLUMNS) + " |"
            for rule in sorted(by_category[category], key=lambda r: r["rule_id"])
        ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    REFERENCE.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {REFERENCE.relative_to(REPO)}\n")
