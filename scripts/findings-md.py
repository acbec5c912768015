#!/usr/bin/env python3
"""Writes fixtures/FINDINGS.md from the checker's own output, with the review of each rule.

    cargo build --release
    target/release/intervene check fixtures --format json --as-of 2026-11-22 > /tmp/check.json
    target/release/intervene rules --format json > /tmp/rules.json
    python3 scripts/findings-md.py /tmp/check.json /tmp/rules.json > fixtures/FINDINGS.md

Counts and finding lines are the tool's; the review paragraphs below are the reviewers'.
tests/fixtures.rs holds the file to the checker: every finding has its line, every count
its row.
"""

import collections
import json
import sys

VERDICTS = ["breach", "missing", "undecided", "unusual", "irregular"]

# Why each rule's findings are what they are, after reading them against the sources.
REVIEW = {
    "ofsted.action-plan": (
        "Statute (EIA 2006 s.137, SI 2007/462). The action plan is due 70 working days after the "
        "report is received, which lies between the end of fieldwork and publication. No source "
        "the histories cite lists a council's action plans, and a later monitoring visit (which "
        "shows the plan was accepted) closes the clock. Each finding is an inadequate judgement "
        "with neither a plan nor a visit recorded before the record moves on: a gap in the record "
        "(`missing`, a warning), never shown as a missed deadline."
    ),
    "ofsted.first-monitoring-visit": (
        "Guidance (Ofsted's May 2016 monitoring handbook), for judgements from 31 May 2016 to "
        "16 September 2018 only. The first visit's letter was not published in that regime, so "
        "only a record listing every visit could show a late first visit; no history claims that "
        "coverage. Each finding says no visit is recorded by the deadline and that the sources "
        "list only some (or only published) visits: a gap in the record, not a breach."
    ),
    "ofsted.focused-visit.action-plan": (
        "Guidance (Ofsted, August 2018). No plan after a focused visit with priority actions is "
        "recorded: action plans are not in the sources. A gap in the record."
    ),
    "ofsted.focused-visit.draft-action-plan": (
        "Guidance (Ofsted, August 2018). As above, for the 20-working-day draft."
    ),
    "ofsted.monitoring-cadence": (
        "Guidance: monitoring visits about quarterly (a warning when late, \"usually\"). Most "
        "findings are the record's gaps: the sources list only some monitoring visits, so a long "
        "gap between two recorded visits is `missing` (info), and month-dated visits straddle the "
        "deadline (`undecided`). A re-inspection ends the wait quietly, and the COVID-19 "
        "suspension's days are never charged."
    ),
    "ofsted.next-inspection": (
        "Guidance (ILACS: usually within six months either side of the third anniversary of the "
        "last inspection). Each breach is a real inspection recorded outside that usual window, "
        "from Ofsted's own list of reports (every history records inspections completely): the "
        "window is \"usually\", so these are warnings, and many fall in the backlog after the "
        "2021 restart (the 411 suspended days are already added to the window)."
    ),
    "ofsted.reinspection": (
        "Guidance (2016 regime: re-inspection usually within 24 months of the action plan). Each "
        "breach is a re-inspection recorded later than that, for a judgement of 2016 to 2018; "
        "the deadline is a range because the plan's own deadline runs from the report's receipt. "
        "Real delays of a usual target (warnings), several across the COVID-19 suspension, whose "
        "days are not counted."
    ),
    "ofsted.reinspection-sif": (
        "Guidance (SIF, before May 2016: re-inspection 18 to 24 months after the judgement). It "
        "does not judge windows closing after its replacement began (31 May 2016)."
    ),
    "ofsted.first-ilacs-inspection": (
        "Practice: no schedule was found for the first ILACS inspection after a SIF judgement "
        "that was not inadequate; other councils' histories show three to four and a half years. "
        "A longer wait is `unusual` (info), never a missed deadline."
    ),
    "dfe.intervention": (
        "Practice: the DfE intervenes after every inadequate judgement, but no time is set. "
        "`unusual` (info) where no notice or direction is recorded within six months."
    ),
    "dfe.persistent-or-systemic": (
        "Practice: no time is set for a direction after persistent or systemic failure."
    ),
    "dfe.commissioner-report": (
        "Practice: three months is one direction's own term (Buckinghamshire 2018), not a rule. "
        "Most findings are reports the record does not hold."
    ),
    "dfe.diagnostic-review": (
        "Practice: no rule for a diagnostic review was found; the sources rarely record one."
    ),
    "dfe.notice-review": (
        "Practice: six-monthly reviews are terms of particular notices; the sources rarely "
        "record the reviews."
    ),
    "dfe.lift": (
        "Practice: lifts and revocations follow a ministerial review with no time set. Most "
        "findings are lifts the sources do not record (the DfE pages were not all read)."
    ),
    "transition.intervention-without-basis": (
        "Guidance: the DfE intervenes after an inadequate judgement. Each is a real step the "
        "record shows without one before it: Kirklees's notice of January 2020 followed its "
        "direction's closure after a requires-improvement judgement (a de-escalation the record "
        "does not explain), and Peterborough's notice of August 2023 followed a focused visit "
        "whose priority actions the sources do not state."
    ),
    "transition.lifted-while-inadequate": (
        "Guidance: a notice is lifted once the council is out of inadequate. Each lift here comes "
        "before any better judgement the record holds as an inspection: Rotherham's notice was "
        "lifted in January 2011 after its December 2009 judgement, Surrey's in November 2010 after "
        "its 2008 annual assessment, Torbay's in February 2014 after an April 2013 'adequate' grade "
        "that its file keeps only in a note. A gap in the record of pre-2013 grades, not a finding "
        "against the DfE."
    ),
    "input.order": "Events listed out of date order in a history file.",
}


def main():
    check = json.load(open(sys.argv[1]))
    rules = {r["id"]: r for r in json.load(open(sys.argv[2]))["rules"]}
    rules.update({t["id"]: t for t in json.load(open(sys.argv[2]))["transitions"]})
    counts = collections.defaultdict(lambda: [0] * len(VERDICTS))
    severity = collections.Counter()
    lines = collections.defaultdict(list)
    for council in check["councils"]:
        for f in council["findings"]:
            counts[f["rule"]][VERDICTS.index(f["verdict"])] += 1
            severity[f["severity"]] += 1
            e = f["events"][0]
            lines[f["rule"]].append(
                f"- `{council['council']}` line {e['line']} ({e['date']}, {e['kind']}), "
                f"{f['verdict']}, {f['severity']}: {f['message']}"
            )
    s = check["summary"]
    total = sum(sum(c) for c in counts.values())
    out = []
    out.append("# Findings in the fixtures\n")
    out.append(
        f"`intervene check fixtures --as-of 2026-11-22` reports **{total} findings** on "
        f"{s['councils']} councils: {s['errors']} errors, {s['warnings']} warnings, {s['infos']} info. "
        "Every history ends its record (`recorded_until`) before that day, so the findings are the "
        "same for any later day. `tests/fixtures.rs` holds this file to the checker; "
        "`scripts/findings-md.py` writes it from the checker's JSON, with the review below.\n"
    )
    out.append(
        "**No finding is an error.** An `error … breach` would mean a deadline set by statute, "
        "published guidance or the council's own instrument was missed, and the record can show "
        "it. None of these histories can show that: no source they cite lists every action plan, "
        "and none lists every first monitoring visit of the 2016 regime (whose letters were not "
        "published). So a late first *recorded* event, or none at all, is `missing`: a gap in the "
        "record as likely as a miss. The warnings that are breaches are of Ofsted's \"usually\" "
        "windows for inspections, which Ofsted's own list of reports records completely.\n"
    )
    out.append(
        "What the review of the previous findings (the blog-based histories) changed at the root: "
        "the 2016 handbook's rules now hold only to September 2018; a late first recorded visit in "
        "a record that lists only published letters is `missing`; suspended COVID-19 days are never "
        "charged as lateness; restart visits count as Ofsted contact; a re-inspection ends the "
        "monitoring cadence quietly; the DfE rules no source times are `practice` (they say "
        "\"unusual\", at most info); an imposed trust is held to the year only where the council "
        "resisted; a revised direction naming a commissioner counts (Bromley); clocks stop when a "
        "council ceases (Northamptonshire) and at the end of the record; a SIF judgement that was "
        "not inadequate now expects the first ILACS inspection (Knowsley, Leicester, Kingston).\n"
    )
    out.append("## Counts\n")
    out.append("| rule | breach | missing | undecided | unusual | irregular | total |")
    out.append("|---|--:|--:|--:|--:|--:|--:|")
    for rule in sorted(counts):
        c = counts[rule]
        out.append(f"| `{rule}` | {' | '.join(str(x) for x in c)} | {sum(c)} |")
    out.append("")
    out.append(
        "`missing` is one step milder than its rule (a warning for an error rule, info for a "
        "warning rule); `undecided`, `unusual` and practice findings are info.\n"
    )
    for rule in sorted(counts):
        meta = rules.get(rule)
        out.append(f"## `{rule}` ({sum(counts[rule])})\n")
        if meta:
            out.append(f"*{meta['title']}.* Basis: {meta['basis']}. Source: {meta['source']}.\n")
        out.append(REVIEW.get(rule, "") + "\n")
        out.extend(lines[rule])
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
