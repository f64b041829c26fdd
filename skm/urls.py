from django.urls import path

from skm import views

app_name = "skm"
urlpatterns = [
    path("survei/kiosk/", views.kiosk, name="kiosk"),
    path("survei/kiosk/aktifkan/", views.aktifkan_kiosk, name="aktifkan_kiosk"),
    path("survei/<str:token>/", views.isi, name="isi"),
    path("skm/laporan/", views.laporan_skm, name="laporan"),
    path("skm/laporan.pdf", views.laporan_skm, {"format": "pdf"}, name="laporan_pdf"),
    path("skm/laporan.xlsx", views.laporan_skm, {"format": "xlsx"}, name="laporan_xlsx"),
    path("dasbor/", views.dasbor_pimpinan, name="dasbor"),
    path("dasbor/<str:tabel>", views.dasbor_pimpinan, name="dasbor_tabel"),
]
