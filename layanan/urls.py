from django.urls import path

from layanan import views

app_name = "layanan"
urlpatterns = [
    path("tugas/", views.tugas, name="tugas"),
    path("permohonan/baru/", views.baru, name="baru"),
    path("permohonan/baru/<slug:kode>/", views.baru_form, name="baru_form"),
    path("permohonan/<str:nomor>/", views.detail, name="detail"),
    path("permohonan/<str:nomor>/aksi/<slug:nama>/", views.jalankan, name="aksi"),
    path("permohonan/<str:nomor>/kembalikan/", views.kembalikan, name="kembalikan"),
    path("permohonan/<str:nomor>/lengkapi/", views.lengkapi, name="lengkapi"),
    path("permohonan/<str:nomor>/survei/", views.survei, name="survei"),
    path("permohonan/<str:nomor>/tugaskan/", views.tugaskan, name="tugaskan"),
    path("permohonan/<str:nomor>/dokumen/<int:pk>/", views.dokumen, name="dokumen"),
    path("permohonan/<str:nomor>/foto-survei/<int:pk>/", views.foto_survei, name="foto_survei"),
    path("permohonan/<str:nomor>/tanda-terima.pdf", views.tanda_terima, name="tanda_terima"),
    path("permohonan/<str:nomor>/kekurangan.pdf", views.pemberitahuan_kekurangan, name="kekurangan"),
    path("permohonan/<str:nomor>/konsep.pdf", views.pratinjau_surat, name="pratinjau"),
    path("permohonan/<str:nomor>/ubah/", views.ubah, name="ubah"),
    path("permohonan/<str:nomor>/templat-terbaru/", views.templat_terbaru, name="templat_terbaru"),
    path("permohonan/<str:nomor>/penolakan.pdf", views.penolakan, name="penolakan"),
    path("permohonan/<str:nomor>/surat.pdf", views.unduh_surat, name="surat"),
    path("permohonan/<str:nomor>/surat-arsip.pdf", views.unduh_surat_arsip, name="surat_arsip"),
    path("permohonan/<str:nomor>/bukti-penyerahan.pdf", views.bukti_penyerahan, name="bukti_penyerahan"),
    path("permohonan/<str:nomor>/kolektif/keluar/", views.keluar_kolektif, name="keluar_kolektif"),
    path("kolektif/<slug:kode>/", views.kolektif, name="kolektif"),
    path("surat/<int:pk>/", views.surat_detail, name="surat_detail"),
    path("surat/<int:pk>/surat.pdf", views.surat_pdf, name="surat_pdf"),
    path("surat/<int:pk>/cabut/", views.cabut_surat, name="cabut_surat"),
    path("kinerja/", views.kinerja, name="kinerja"),
    path("registri/cek/", views.cek_registri, name="cek_registri"),
    path("lacak/", views.lacak, name="lacak"),
]
