from django.urls import path

from bansos import views

app_name = "bansos"
urlpatterns = [
    path("bansos/", views.program_daftar, name="program_daftar"),
    path("bansos/rekap/", views.rekap, name="rekap"),
    path("bansos/<int:pk>/", views.program_detail, name="program_detail"),
    path("bansos/<int:pk>/calon/baru/", views.calon_loket, name="calon_loket"),
    path("bansos/<int:pk>/impor/", views.impor, name="impor"),
    path("bansos/<int:pk>/periksa/", views.periksa, name="periksa"),
    path("bansos/<int:pk>/tetapkan/", views.tetapkan, name="tetapkan"),
    path("bansos/<int:pk>/bast/", views.bast_buat, name="bast_buat"),
    path("bansos/<int:pk>/ekspor.xlsx", views.ekspor, name="ekspor"),
    path("bansos/<int:pk>/monev/", views.monev, name="monev"),
    path("bansos/impor/<int:pk>/", views.impor_laporan, name="impor_laporan"),
    path("bansos/calon/<int:pk>/", views.calon_detail, name="calon_detail"),
    path("bansos/calon/<int:pk>/loloskan/", views.loloskan, name="loloskan"),
    path("bansos/calon/<int:pk>/salurkan/", views.salurkan, name="salurkan"),
    path("bansos/calon/<int:pk>/<str:jenis>/", views.berkas_penyaluran, name="berkas_penyaluran"),
    path("bansos/penetapan/<int:pk>/", views.penetapan_detail, name="penetapan_detail"),
    path("bansos/penetapan/<int:pk>/tandatangani/", views.tandatangani, name="tandatangani"),
    path("bansos/penetapan/<int:pk>/teruskan/", views.teruskan, name="teruskan"),
    path("bansos/penetapan/<int:pk>/sk.pdf", views.sk_pdf, name="sk_pdf"),
    path("bansos/penetapan/<int:pk>/lampiran.pdf", views.lampiran_pdf, name="lampiran_pdf"),
    path("bansos/penetapan/<int:pk>/lampiran/ulang/", views.lampiran_ulang, name="lampiran_ulang"),
    path("bansos/penetapan/<int:pk>/draf-<str:bagian>.pdf", views.draf_pdf, name="draf_pdf"),
    path("bansos/bast/<int:pk>.pdf", views.bast_pdf, name="bast_pdf"),
]
