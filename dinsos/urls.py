from django.contrib import admin
from django.urls import include, path

from dinsos import views
from layanan import views as layanan_views
from operasi import views as operasi_views

admin.site.site_header = "Admin Dinsos Layanan"
admin.site.site_title = "Admin Dinsos Layanan"
admin.site.index_title = "Pengelolaan data"

urlpatterns = [
    path("", layanan_views.beranda, name="beranda"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("masuk/", views.masuk, name="masuk"),
    path("masuk/verifikasi/", views.masuk_verifikasi, name="masuk_verifikasi"),
    path("keluar/", views.keluar, name="keluar"),
    path("akun/", views.akun, name="akun"),
    path("akun/dua-faktor/", views.akun_dua_faktor, name="akun_dua_faktor"),
    path("admin/", admin.site.urls),
    path("sehat/", operasi_views.sehat, name="sehat"),
    path("", include("sop.urls")),
    path("", include("surat.urls")),
    path("", include("registri.urls")),
    path("", include("layanan.urls")),
    path("", include("skm.urls")),
    path("", include("bansos.urls")),
    path("", include("persuratan.urls")),
    path("", include("pengaduan.urls")),
]
