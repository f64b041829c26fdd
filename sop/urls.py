from django.urls import path

from sop import views

app_name = "sop"
urlpatterns = [
    path("standar-pelayanan/", views.standar_daftar, name="standar_daftar"),
    path("standar-pelayanan/<slug:kode>/", views.standar_detail, name="standar_detail"),
    path("standar-pelayanan/<slug:kode>/sop.pdf", views.sop_pdf, name="sop_pdf"),
    path("sop/versi/<int:pk>/pratinjau/", views.pratinjau_versi, name="pratinjau_versi"),
    path("sop/versi/<int:pk>/sop.pdf", views.pdf_versi, name="pdf_versi"),
]
