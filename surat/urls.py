from django.urls import path

from surat import views

app_name = "surat"
urlpatterns = [
    path("surat/agenda/", views.agenda, name="agenda"),
    path("v/<str:token>/", views.verifikasi, name="verifikasi"),
    path("verifikasi/", views.verifikasi_berkas, name="verifikasi_berkas"),
    path("surat/lampiran/<int:pk>/status/", views.lampiran_status, name="lampiran_status"),
    path("surat/lampiran/<int:pk>/unduh/", views.lampiran_unduh, name="lampiran_unduh"),
]
