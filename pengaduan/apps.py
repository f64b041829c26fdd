from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "pengaduan"
    verbose_name = "Pengaduan"

    def ready(self):
        from layanan import halaman

        # A complaint's case number opens the complaint page, not the generic case page.
        halaman.daftarkan("ADU-", "pengaduan:detail")
        # The complainant may reopen a closed complaint once (pengaduan.aksi.buka_kembali).
        halaman.izinkan_buka_kembali("ADU-")
