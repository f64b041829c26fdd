from django.urls import path

from registri import views

app_name = "registri"
urlpatterns = [
    path("registri/sanding/", views.sanding, name="sanding"),
    path("registri/sanding/<str:kode>/hasil.xlsx", views.unduh_hasil, name="sanding_unduh"),
    path("registri/sanding/<str:kode>/surat.pdf", views.surat_hasil, name="sanding_surat"),
]
