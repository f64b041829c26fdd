from django.urls import path

from surat import views

app_name = "surat"
urlpatterns = [
    path("surat/agenda/", views.agenda, name="agenda"),
    path("v/<str:token>/", views.verifikasi, name="verifikasi"),
    path("verifikasi/", views.verifikasi_berkas, name="verifikasi_berkas"),
]
