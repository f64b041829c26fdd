"""Which steps of an SOP are usually late (issue #11, "an admin can see, per SOP, which steps
are usually late").

The step engine writes one `layanan.Riwayat` row per move, naming the step acted on
(`langkah`) and whether the step was left within its time standard (`tepat_waktu`: True,
False, or None when the step has no standard or the row is not the one that leaves it).
Here, per step: how often it was acted on, how often late, and the late share of the
measured moves. Two queries whatever the number of cases.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q

from sop.models import Langkah


@dataclass
class BarisLangkah:
    langkah: Langkah
    dilalui: int
    terukur: int
    terlambat: int

    @property
    def bagian(self) -> float | None:
        return self.terlambat / self.terukur if self.terukur else None

    @property
    def persen(self) -> str:
        return "-" if self.bagian is None else f"{round(self.bagian * 100)}%"


def per_langkah(versi_id=None) -> list[BarisLangkah]:
    """Every step with at least one move, latest share first."""
    Riwayat = apps.get_model("layanan", "Riwayat")
    rows = Riwayat.objects.filter(langkah__isnull=False)
    if versi_id is not None:
        rows = rows.filter(langkah__versi_id=versi_id)
    hitung = rows.values("langkah_id").annotate(
        dilalui=Count("pk"),
        terukur=Count("pk", filter=Q(tepat_waktu__isnull=False)),
        terlambat=Count("pk", filter=Q(tepat_waktu=False)),
    )
    angka = {row["langkah_id"]: row for row in hitung}
    langkah = Langkah.objects.filter(pk__in=angka).select_related("versi__sop")
    hasil = [BarisLangkah(lk, angka[lk.pk]["dilalui"], angka[lk.pk]["terukur"], angka[lk.pk]["terlambat"]) for lk in langkah]
    hasil.sort(
        key=lambda b: (
            -(b.bagian if b.bagian is not None else -1),
            -b.terlambat,
            b.langkah.versi.nama,
            b.langkah.versi.nomor_versi,
            b.langkah.urutan,
        )
    )
    return hasil
