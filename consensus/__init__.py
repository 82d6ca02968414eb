"""Pure consensus logic: no Django imports anywhere in this package."""
