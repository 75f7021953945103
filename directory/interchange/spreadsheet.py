"""Cells for spreadsheets that open our exports: text must never run as a formula."""

# Spreadsheets treat a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that would start a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo safe_cell: our own exports import back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def looks_like_formula(value: str) -> bool:
    """A cell a spreadsheet would run: "=…" or "@…" (signs are numbers and phone numbers)."""
    return value.startswith(("=", "@"))
