"""Errors of the import/export layer."""


class ImportFileError(ValueError):
    """The file is refused whole (bad format, too big, zip bomb, mixed encodings, no header...).

    `str(error)` is the translated message (Vietnamese under `translation.override("vi")`)."""
