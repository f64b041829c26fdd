"""Which role a user has and what their navigation offers."""

from django.urls import NoReverseMatch, reverse

from dinsos.models import Peran

# (label, url name, roles that see it; None = every signed-in user)
MENU = [
    ("Beranda", "beranda", None),
    ("Tugas saya", "layanan:tugas", None),
    ("Permohonan baru", "layanan:baru", {Peran.FO}),
    ("Dasbor", "skm:dasbor", {Peran.KABID, Peran.SEKRETARIS, Peran.KADIS}),
    ("Kinerja layanan", "layanan:kinerja", {Peran.KASI, Peran.KABID, Peran.SEKRETARIS, Peran.KADIS}),
    # Leaders reach the SKM report from the dashboard and their home page (the bar stays one line at 1280 px).
    ("Laporan SKM", "skm:laporan", {"admin"}),
    ("Surat keluar", "surat:agenda", {Peran.FO, Peran.SEKRETARIS, Peran.KADIS, "admin"}),
    ("Sanding data", "registri:sanding", {Peran.FO, Peran.SURVEI, Peran.KASI, Peran.KABID}),
    ("Standar pelayanan", "sop:standar_daftar", None),
    ("Admin", "admin:index", {"admin"}),
]


def peran_of(user) -> str | None:
    """The role of a signed-in user: a Peran value, "admin", or None."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is not None and pegawai.aktif:
        return pegawai.jabatan.peran
    if user.is_superuser or user.is_staff:
        return "admin"
    return None


def menu_for(user):
    peran = peran_of(user)
    is_admin = user.is_staff or user.is_superuser
    items = []
    for label, url_name, roles in MENU:
        if roles is not None and peran not in roles and not ("admin" in roles and is_admin):
            continue
        try:
            items.append({"label": label, "url": reverse(url_name)})
        except NoReverseMatch:
            continue
    return items
