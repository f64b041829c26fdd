import pytest


@pytest.fixture(autouse=True)
def _kategori(db):
    # The seeded categories come from a data migration; a browser test earlier in the session
    # flushes the database (TransactionTestCase), so put them back.
    from pengaduan.kategori import isi_bawaan

    isi_bawaan()
