"""Moved to :mod:`desktop.app.document` (the application layer, no Qt); kept so that older imports still work."""
from desktop.app.document import (
    FORMAT,
    FORMAT_VERSION,
    MAX_DOCUMENT_BYTES,
    MAX_SOURCE_BYTES,
    SUFFIX,
    Opened,
    Reopen,
    as_of_of,
    build_document,
    config_of,
    import_options_of,
    load_document,
    open_saved,
    reopen_plan,
    save_document,
    sha256_of,
    validate_document,
    write_assessment,
)

__all__ = ["FORMAT", "FORMAT_VERSION", "MAX_DOCUMENT_BYTES", "MAX_SOURCE_BYTES", "SUFFIX", "Opened", "Reopen",
           "as_of_of", "build_document", "config_of", "import_options_of", "load_document", "open_saved",
           "reopen_plan", "save_document", "sha256_of", "validate_document", "write_assessment"]
