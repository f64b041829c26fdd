"""Stored uploads: a generated name, the extension of the sniffed content, no orphans.

A client's file name is never part of a stored name (`x.pdf\\x00.html` would become
`x.pdf.html`): `NamaAcak` names every upload `<folder>/<random hex>.<ext>`, the extension
taken from the content (filetype), not from the name. Django writes a file the moment
its row is saved, inside the transaction; `hapus_bila_batal` deletes the files written in a
block again when the block fails, so a rolled-back registration leaves no scan behind.
"""

import contextvars
import uuid
from contextlib import contextmanager

import filetype
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# (storage, name) of files written inside the innermost active `hapus_bila_batal` block.
_tertulis = contextvars.ContextVar("unggahan_tertulis", default=None)


def jenis_berkas(berkas):
    """The filetype kind of an open file (None when unknown), leaving it at position 0."""
    berkas.seek(0)
    kind = filetype.guess(berkas.read(8192))
    berkas.seek(0)
    return kind


@deconstructible
class NamaAcak:
    """`upload_to` giving `<folder>/<uuid hex>.<extension of the sniffed content>`.

    `peta` maps a sniffed extension to the stored one (e.g. a zip container is an XLSX);
    `bawaan` is used when the content cannot be sniffed (plain text such as CSV).
    """

    def __init__(self, folder, field, bawaan="bin", peta=None):
        self.folder = folder
        self.field = field
        self.bawaan = bawaan
        self.peta = peta or {}

    def __call__(self, instance, filename):
        fieldfile = getattr(instance, self.field)
        kind = jenis_berkas(fieldfile.file)
        ext = self.peta.get(kind.extension, kind.extension) if kind else self.bawaan
        name = f"{timezone.now().strftime(self.folder).rstrip('/')}/{uuid.uuid4().hex}.{ext}"
        tertulis = _tertulis.get()
        if tertulis is not None:
            tertulis.append((fieldfile.storage, name))
        return name

    def __eq__(self, other):
        return isinstance(other, NamaAcak) and self.deconstruct() == other.deconstruct()


@contextmanager
def hapus_bila_batal():
    """Delete the files written in this block when it fails (its transaction rolls back).

    Use it outside the `transaction.atomic` block it guards. Nested blocks hand their
    files to the enclosing one, so an outer failure removes them too.
    """
    luar = _tertulis.get()
    tertulis = []
    token = _tertulis.set(tertulis)
    try:
        yield
    except BaseException:
        for storage, name in tertulis:
            storage.delete(name)
        raise
    finally:
        _tertulis.reset(token)
    if luar is not None:
        luar.extend(tertulis)
