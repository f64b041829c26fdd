"""The data of an SOP sheet: header block and the flow table with one column per pelaksana."""

from dinsos.models import Instansi


def konteks_lembar(versi):
    langkah = list(versi.langkah.prefetch_related("pelaksana").order_by("urutan"))
    kolom = versi.pelaksana_kolom(langkah)
    baris = []
    for item in langkah:
        ids = {p.pk for p in item.pelaksana.all()}
        baris.append({"langkah": item, "tanda": [p.pk in ids for p in kolom]})
    instansi = Instansi.get_current()
    return {
        "versi": versi,
        "instansi": instansi,
        "kolom": kolom,
        "baris": baris,
        "kepala": instansi.kepala if instansi else None,
    }
