"""What an import plan will change, in the words the command and the admin page show."""

from critics.importer.validate import ImportPlan


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def summary_lines(plan: ImportPlan) -> list[str]:
    lines = [
        f"{plural(plan.rows, 'row')} read: {plural(len(plan.new), 'new review')}, "
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
    if plan.top_critic_changes:
        changes = [
            f"{critic.name} ({'now a top critic' if top else 'no longer a top critic'})"
            for critic, top in plan.top_critic_changes.values()
        ]
        lines.append(f"Top-critic flags to change ({len(changes):,}): {_names(changes)}")
    return lines


def _names(entries, limit: int = 20) -> str:
    names = [getattr(entry, "name", None) or str(entry) for entry in entries]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")
