from django.urls import path

from pengaduan import views

app_name = "pengaduan"
urlpatterns = [
    # Public (no login)
    path("pengaduan/kirim/", views.kirim, name="kirim"),
    path("pengaduan/tanda-terima/", views.tanda_terima, name="tanda_terima"),
    path("pengaduan/cek/", views.cek, name="cek"),
    path("pengaduan/status/", views.status, name="status"),
    path("pengaduan/status/surat/<int:pk>.pdf", views.status_surat, name="status_surat"),
    path("pengaduan/status/<slug:nama>/", views.status_aksi, name="status_aksi"),
    # Staff
    path("pengaduan/", views.daftar, name="daftar"),
    path("pengaduan/baru/", views.baru, name="baru"),
    path("pengaduan/impor-lapor/", views.impor, name="impor"),
    path("pengaduan/rekap/", views.rekap_bulanan, name="rekap"),
    path("pengaduan/rekap.xlsx", views.rekap_bulanan, {"format": "xlsx"}, name="rekap_xlsx"),
    path("pengaduan/rekap.pdf", views.rekap_bulanan, {"format": "pdf"}, name="rekap_pdf"),
    path("pengaduan/<str:nomor>/", views.detail, name="detail"),
    path("pengaduan/<str:nomor>/tindak/", views.tindak, name="tindak"),
    path("pengaduan/<str:nomor>/catat/", views.catat, name="catat"),
    path("pengaduan/<str:nomor>/tolak/", views.tolak, name="tolak"),
    path("pengaduan/<str:nomor>/surat-balasan/", views.surat_balasan, name="surat_balasan"),
    path("pengaduan/<str:nomor>/triase/", views.triase, name="triase"),
    path("pengaduan/<str:nomor>/lampiran/<int:pk>/", views.lampiran, name="lampiran"),
]
