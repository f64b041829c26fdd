from django.urls import path

from persuratan import views

app_name = "persuratan"
urlpatterns = [
    path("surat-masuk/", views.agenda_masuk, name="agenda_masuk"),
    path("surat-masuk/agenda.xlsx", views.agenda_masuk, {"format": "xlsx"}, name="agenda_masuk_xlsx"),
    path("surat-masuk/baru/", views.surat_masuk_baru, name="surat_masuk_baru"),
    path("surat-masuk/<int:pk>/", views.surat_masuk, name="surat_masuk"),
    path("surat-masuk/<int:pk>/pindaian/", views.surat_masuk_berkas, name="surat_masuk_berkas"),
    path("surat-masuk/<int:pk>/disposisi/", views.disposisikan, name="disposisikan"),
    path("surat-masuk/<int:pk>/lapor/<int:penerima_pk>/", views.lapor, name="lapor"),
    path("surat-masuk/<int:pk>/lembar-disposisi.pdf", views.lembar_disposisi, name="lembar_disposisi"),
    path("naskah/", views.naskah_daftar, name="naskah_daftar"),
    path("naskah/baru/", views.naskah_baru, name="naskah_baru"),
    path("naskah/<int:pk>/", views.naskah, name="naskah"),
    path("naskah/<int:pk>/ubah/", views.naskah_ubah, name="naskah_ubah"),
    path("naskah/<int:pk>/pratinjau.pdf", views.naskah_pratinjau, name="naskah_pratinjau"),
    path("naskah/<int:pk>/surat.pdf", views.naskah_pdf, name="naskah_pdf"),
    path("naskah/<int:pk>/lampiran/<int:lampiran_pk>/", views.naskah_lampiran, name="naskah_lampiran"),
    path("naskah/<int:pk>/<str:nama>/", views.naskah_aksi, name="naskah_aksi"),
    path("surat-keluar/", views.agenda_keluar, name="agenda_keluar"),
    path("surat-keluar/agenda.xlsx", views.agenda_keluar, {"format": "xlsx"}, name="agenda_keluar_xlsx"),
]
