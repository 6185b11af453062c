"""Validate an evaluation case set against its registry and print its counts tables.

Usage: python bench/eval/check_set.py [CASES.jsonl [REGISTRY.yaml]]
Defaults to the Nimbus Cloud set beside this script. Exits 1 on any problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FIELDS = {"id", "kind", "lang", "text", "department", "topic", "severity"}
KINDS = {"who", "mention"}
LANGS = {"fr", "en", "mixed"}
SEVERITIES = {"critical", "high", "normal"}
ID_RE = re.compile(r"^[a-z]\d{3}$")  # a letter per set (s: software, ...), then 001, 002, ...
MIN_CASES_PER_DEPARTMENT = 8


def load_registry(path: Path) -> dict[str, dict]:
    """Return the registry's departments by id (raw YAML mappings)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {d["id"]: d for d in data["departments"]}


def check_case(case: object, departments: dict[str, dict]) -> list[str]:
    """Return the problems of one parsed case line (empty when valid)."""
    if not isinstance(case, dict):
        return ["not a JSON object"]
    problems: list[str] = []
    keys = set(case)
    if keys != FIELDS:
        missing, extra = FIELDS - keys, keys - FIELDS
        if missing:
            problems.append(f"missing fields {sorted(missing)}")
        if extra:
            problems.append(f"unknown fields {sorted(extra)}")
        return problems
    if not isinstance(case["id"], str) or not ID_RE.match(case["id"]):
        problems.append(f"bad id {case['id']!r}")
    if case["kind"] not in KINDS:
        problems.append(f"bad kind {case['kind']!r}")
    if case["lang"] not in LANGS:
        problems.append(f"bad lang {case['lang']!r}")
    if not isinstance(case["text"], str) or not case["text"].strip():
        problems.append("empty text")
    dept, topic = case["department"], case["topic"]
    if dept is not None and dept not in departments:
        problems.append(f"unknown department {dept!r}")
    if topic is not None:
        if dept is None:
            problems.append("topic without a department")
        elif dept in departments:
            topic_ids = {t["id"] for t in departments[dept].get("topics") or []}
            if topic not in topic_ids:
                problems.append(f"unknown topic {topic!r} in {dept!r}")
    severity = case["severity"]
    if case["kind"] == "who" and severity is not None:
        problems.append("a who case must have severity null")
    if case["kind"] == "mention" and severity not in SEVERITIES:
        problems.append(f"a mention needs a severity, got {severity!r}")
    return problems


def keyword_patterns(dept: dict) -> list[re.Pattern[str]]:
    """Whole-word, case-insensitive patterns for a department's and its topics' keywords."""
    words = list(dept.get("keywords") or [])
    for topic in dept.get("topics") or []:
        words += topic.get("keywords") or []
    return [re.compile(rf"(?<!\w){re.escape(str(w))}(?!\w)", re.IGNORECASE) for w in words]


def table(title: str, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """Render rows as a Markdown table under a title."""
    lines = [title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Check the set, print the tables, and return the exit status."""
    cases_path = Path(argv[1]) if len(argv) > 1 else HERE / "software-cases.jsonl"
    registry_path = Path(argv[2]) if len(argv) > 2 else HERE / "software-registry.yaml"
    departments = load_registry(registry_path)

    problems: list[str] = []
    cases: list[dict] = []
    seen: set[str] = set()
    for lineno, line in enumerate(cases_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {lineno}: blank line")
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        for p in check_case(case, departments):
            problems.append(f"line {lineno}: {p}")
        if isinstance(case, dict) and "id" in case:
            if case["id"] in seen:
                problems.append(f"line {lineno}: duplicate id {case['id']!r}")
            seen.add(case["id"])
        if isinstance(case, dict) and set(case) == FIELDS:
            cases.append(case)

    valid = [c["id"] for c in cases if isinstance(c.get("id"), str) and ID_RE.match(c["id"])]
    prefix = valid[0][0] if valid else "s"
    expected_ids = [f"{prefix}{i:03d}" for i in range(1, len(cases) + 1)]
    if not problems and [c["id"] for c in cases] != expected_ids:
        problems.append(f"ids are not {prefix}001… in order without gaps")

    by_dept = Counter(c["department"] for c in cases)
    for dept in departments:
        if by_dept[dept] < MIN_CASES_PER_DEPARTMENT:
            problems.append(f"department {dept!r} has {by_dept[dept]} cases (< {MIN_CASES_PER_DEPARTMENT})")

    if problems:
        print(f"{cases_path.name}: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        return 1

    kinds = ("who", "mention")
    rows = []
    for kind in (*kinds, None):
        sel = [c for c in cases if kind is None or c["kind"] == kind]
        ins = sum(c["department"] is not None for c in sel)
        rows.append((f"`{kind}`" if kind else "all", str(len(sel)), str(ins), str(len(sel) - ins)))
    print(table(f"{cases_path.name}: {len(cases)} cases, all valid", rows,
                ("", "total", "in scope", "out of scope")))
    print()

    langs = Counter(c["lang"] for c in cases)
    print("- Language: " + ", ".join(f"`{k}` {langs[k]}" for k in ("fr", "en", "mixed")) + ".")
    sev = Counter(c["severity"] for c in cases)
    normal_in = sum(c["severity"] == "normal" and c["department"] is not None for c in cases)
    print(f"- Severity: `critical` {sev['critical']}, `high` {sev['high']}, `normal` {sev['normal']} "
          f"({normal_in} in scope, {sev['normal'] - normal_in} out of scope), `null` {sev[None]} "
          f"(all of them `who`).")
    print()

    topics = Counter((c["department"], c["topic"]) for c in cases if c["topic"])
    order = sorted(departments, key=lambda d: (-by_dept[d], list(departments).index(d)))
    rows = []
    for dept in order:
        detail = ", ".join(f"`{t}` {n}" for (d, t), n in sorted(topics.items()) if d == dept)
        kinds_here = Counter(c["kind"] for c in cases if c["department"] == dept)
        rows.append((f"`{dept}`", f"{by_dept[dept]}" + (f" ({detail})" if detail else ""),
                     str(kinds_here["who"]), str(kinds_here["mention"])))
    kinds_null = Counter(c["kind"] for c in cases if c["department"] is None)
    rows.append(("`null`", str(by_dept[None]), str(kinds_null["who"]), str(kinds_null["mention"])))
    print(table("Department:", rows, ("department", "cases", "who", "mention")))
    print()

    patterns = {d: keyword_patterns(departments[d]) for d in departments}
    all_patterns = [p for ps in patterns.values() for p in ps]
    no_kw = sum(not any(p.search(c["text"]) for p in all_patterns) for c in cases)
    in_scope = [c for c in cases if c["department"] is not None]
    no_own = sum(not any(p.search(c["text"]) for p in patterns[c["department"]]) for c in in_scope)
    other_kw = sum(
        any(p.search(c["text"]) for d, ps in patterns.items() if d != c["department"] for p in ps)
        for c in cases
    )
    print(f"- Keywords: {no_kw} cases contain no registry keyword verbatim (case-insensitive, whole "
          f"words, accents as written). Of the {len(in_scope)} in-scope cases, {no_own} contain none "
          f"of the expected department's keywords. {other_kw} cases contain a keyword of another "
          f"department than the expected one.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
