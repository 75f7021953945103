"""What an import tells the person who runs it: one report type for CSV and HSDS.

Every problem names the entry (a CSV row as a spreadsheet numbers it, or an HSDS
record by its position) and the column or field, so people can fix the file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# A file larger than this is refused before parsing: a directory has thousands of offers,
# not millions, and an accidental upload of a database dump must not exhaust memory.
MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding, header, structure)."""


def file_size_check(size: int) -> None:
    """Refuse a file above MAX_FILE_BYTES, with a message for people."""
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )


def file_read(file) -> bytes:
    """The file's bytes, reading no more than MAX_FILE_BYTES (+1 to notice a larger one)."""
    raw = file.read(MAX_FILE_BYTES + 1)
    file_size_check(len(raw))
    return raw


@dataclass(frozen=True)
class EntryError:
    """A problem with one entry of a file: a CSV row and column, or an HSDS record and
    the path of the field in it."""

    row: int  # the CSV row as a spreadsheet numbers it, or the record's 1-based position
    column: str  # the CSV column, or the field path in the HSDS record
    message: str
    record: bool = False  # an HSDS record rather than a CSV row

    def __str__(self) -> str:
        if self.record:
            return _("Record %(record)s, field “%(path)s”: %(message)s") % {
                "record": self.row,
                "path": self.column,
                "message": self.message,
            }
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[EntryError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # adjusted, not refused
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors
