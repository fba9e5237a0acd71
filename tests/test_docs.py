"""The docs stay true to the code: the rule list is the seed's, links resolve, the README stays short."""

import importlib.util
import re

from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"


def _rules_reference():
    spec = importlib.util.spec_from_file_location("rules_reference", REPO / "scripts" / "rules_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_rule_list_is_the_registry_seed():
    reference = _rules_reference()
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == reference.render(), (
        "docs/rules.md differs from the seed: run `.venv/bin/python scripts/rules_reference.py`"
    )


def test_the_rule_reference_lists_every_rule_id_of_the_seed_once():
    import csv

    with (REPO / "dbt_project" / "seeds" / "reconciliation_rules.csv").open(encoding="utf-8", newline="") as f:
        seed_ids = [row["rule_id"] for row in csv.DictReader(f)]
    listed = re.findall(r"^\| ([A-Z]{2}_[A-Z0-9_]+) \|", (DOCS / "rules.md").read_text(encoding="utf-8"), re.M)
    assert sorted(listed) == sorted(seed_ids)


def test_the_readme_is_a_short_guide():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_no_doc_counts_the_rules_by_hand():
    """A rule count written in prose goes stale: only the generated reference states it."""
    for page in [README, *DOCS.glob("*.md")]:
        if page.name != "rules.md":
            assert not re.search(r"\b\d+ rules\b", page.read_text(encoding="utf-8")), page.name


def test_every_relative_link_of_the_docs_resolves():
    broken = []
    for page in [README, *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target) and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} → {target}")
    assert broken == []
