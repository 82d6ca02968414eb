"""What an import plan will change, in the words the command and the admin page show."""

from critics.importer.plan import ImportPlan, PlannedUpdate


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def summary_lines(plan: ImportPlan) -> list[str]:
    updates = f"{plural(len(plan.updates), 'review')} to update, " if plan.updates else ""
    lines = [
        f"{plural(plan.rows, 'row')} read: {plural(len(plan.new), 'new review')}, {updates}"
        f"{len(plan.unchanged):,} unchanged (already in the catalogue), "
        f"{plural(len(plan.duplicates), 'duplicate row')} skipped, "
        f"{plural(len(plan.invalid_lines), 'invalid row')}."
    ]
    for label, entries in (
        ("Films to create", plan.new_films),
        ("Critics to create", plan.new_critics),
        ("Publications to create", plan.new_publications),
    ):
        if entries:
            lines.append(f"{label} ({len(entries):,}): {_names(entries)}")
    if plan.updates:
        changes = [f"line {u.row.line}: {u.label}: {describe_changes(u)}" for u in plan.updates]
        lines.append(f"Reviews to update ({len(changes):,}): {_names(changes, separator='; ')}")
    return lines


def describe_changes(update: PlannedUpdate) -> str:
    """What changes, in an editor's words: "verdict not set → positive (model)"."""
    parts = []
    changes = update.changes
    if "verdict" in changes:
        old, new = changes["verdict"]
        old_source, new_source = changes["verdict_source"]
        parts.append(f"verdict {_verdict(old, old_source)} → {_verdict(new, new_source)}")
    if "is_top_critic" in changes:
        old, new = changes["is_top_critic"]
        parts.append(f"top critic {'yes' if old else 'no'} → {'yes' if new else 'no'}")
    return ", ".join(parts)


def _verdict(verdict, source) -> str:
    if not verdict:
        return "not set"
    return f"{verdict} ({source})" if source else verdict


def _names(entries, limit: int = 20, separator: str = ", ") -> str:
    names = [getattr(entry, "name", None) or str(entry) for entry in entries]
    shown = separator.join(names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")
