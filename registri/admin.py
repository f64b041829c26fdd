"""Admin: registry uploads with a progress bar and the report of rejected rows (look-ups are in audit.LogAkses)."""

import threading

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import connections
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from audit.models import Aksi, catat
from dinsos.unggahan import jenis_berkas
from registri import aktivasi
from registri.impor import impor
from registri.models import Jenis, Snapshot


class UnggahForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis data", choices=Jenis.choices)
    berkas = forms.FileField(label="Berkas (CSV atau XLSX)")

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Berkas harus CSV atau XLSX.")
        # By content, not by name: XLSX is a zip container, CSV is plain text.
        kind = jenis_berkas(f)
        sniffed = "xlsx" if kind is not None and kind.extension in {"zip", "xlsx"} else "csv" if kind is None else None
        if sniffed != f.name.lower().rsplit(".", 1)[-1]:
            raise forms.ValidationError("Isi berkas bukan CSV atau XLSX yang sah.")
        return f


def _jalankan_di_latar(snapshot_id):
    """Import in a background thread of this process (a single-server office).

    With several app servers, set IMPOR_DI_LATAR=False and run `manage.py proses_impor`
    from a timer: uploads wait in the queue (status "Menunggu") until it picks them up.
    """
    try:
        snapshot = Snapshot.objects.get(pk=snapshot_id)
        impor(snapshot, snapshot.berkas.path)
    finally:
        connections.close_all()


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "jenis", "status", "aktif", "dimuat", "ditolak", "progres"]
    list_filter = ["jenis", "status", "aktif"]
    readonly_fields = [f.name for f in Snapshot._meta.fields if f.name != "laporan"]
    exclude = ["laporan"]
    change_list_template = "admin/registri/snapshot_changelist.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="progres")
    def progres(self, obj):
        return format_html('<a href="{}">{}%</a>', reverse("admin:registri_progres", args=[obj.pk]), obj.persen)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("unggah/", wrap(self.unggah_view), name="registri_unggah"),
            path("<int:pk>/progres/", wrap(self.progres_view), name="registri_progres"),
            path("<int:pk>/progres/bagian/", wrap(self.progres_bagian), name="registri_progres_bagian"),
            path("<int:pk>/laporan.csv", wrap(self.laporan_view), name="registri_laporan"),
            path("<int:pk>/konfirmasi/", wrap(self.konfirmasi_view), name="registri_konfirmasi"),
        ] + super().get_urls()

    def has_unggah_permission(self, request):
        return request.user.has_perm("registri.unggah_snapshot")

    def has_laporan_permission(self, request):
        return request.user.has_perm("registri.unduh_laporan_snapshot")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "boleh_unggah": self.has_unggah_permission(request)}
        return super().changelist_view(request, extra_context)

    def _tolak(self, request, pesan):
        messages.error(request, pesan)
        return redirect("admin:registri_snapshot_changelist")

    def unggah_view(self, request):
        if not self.has_unggah_permission(request):
            return self._tolak(request, "Anda tidak berwenang mengunggah data registri.")
        form = UnggahForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            snapshot = Snapshot.objects.create(
                jenis=form.cleaned_data["jenis"],
                nama_berkas="".join(ch for ch in form.cleaned_data["berkas"].name if ch.isprintable())[:255],
                berkas=form.cleaned_data["berkas"],
                diunggah_oleh=request.user,
            )
            if getattr(settings, "IMPOR_DI_LATAR", True):
                threading.Thread(target=_jalankan_di_latar, args=(snapshot.pk,), daemon=True).start()
            return redirect("admin:registri_progres", pk=snapshot.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "ambang": settings.REGISTRI_AMBANG_SUSUT,
            "title": "Unggah data registri",
            "opts": self.model._meta,
        }
        return render(request, "admin/registri/unggah.html", context)

    def konfirmasi_view(self, request, pk):
        """A much smaller upload: switch it on after all, or cancel it (POST only)."""
        if request.method != "POST":
            return redirect("admin:registri_progres", pk=pk)
        if not self.has_unggah_permission(request):
            return self._tolak(request, "Anda tidak berwenang mengganti data registri.")
        snapshot = get_object_or_404(Snapshot, pk=pk)
        if request.POST.get("keputusan") == "aktifkan":
            if aktivasi.konfirmasi(snapshot.pk):
                messages.success(request, f"Data baru ({snapshot.dimuat} baris) kini dipakai.")
            else:
                messages.error(request, "Impor ini tidak lagi menunggu konfirmasi.")
        elif request.POST.get("keputusan") == "batalkan":
            if aktivasi.batalkan(snapshot.pk):
                messages.success(request, "Impor dibatalkan; data yang aktif tetap dipakai.")
            else:
                messages.error(request, "Impor ini tidak lagi menunggu konfirmasi.")
        else:
            messages.error(request, "Pilih: pakai data baru atau batalkan impor.")
        return redirect("admin:registri_progres", pk=pk)

    def _konteks_progres(self, request, snapshot):
        context = {"s": snapshot, "boleh_laporan": self.has_laporan_permission(request)}
        if snapshot.status == Snapshot.Status.KONFIRMASI:
            context["aktif"] = aktivasi.aktif(snapshot.jenis)
            context["boleh_unggah"] = self.has_unggah_permission(request)
        return context

    def progres_view(self, request, pk):
        if not self.has_view_permission(request):
            return self._tolak(request, "Anda tidak berwenang melihat impor data registri.")
        snapshot = get_object_or_404(Snapshot, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            **self._konteks_progres(request, snapshot),
            "title": f"Impor {snapshot}",
            "opts": self.model._meta,
        }
        return render(request, "admin/registri/progres.html", context)

    def progres_bagian(self, request, pk):
        if not self.has_view_permission(request):
            return HttpResponse("Anda tidak berwenang melihat impor data registri.", status=403)
        context = self._konteks_progres(request, get_object_or_404(Snapshot, pk=pk))
        return render(request, "admin/registri/_progres.html", context)

    def laporan_view(self, request, pk):
        # The report lists NIKs of rejected rows: personal data, its own permission.
        if not self.has_laporan_permission(request):
            catat(Aksi.LAPORAN_IMPOR, request=request, diizinkan=False, objek=f"impor {pk}", keterangan="tanpa izin")
            return self._tolak(request, "Anda tidak berwenang mengunduh laporan baris ditolak.")
        snapshot = get_object_or_404(Snapshot, pk=pk)
        catat(Aksi.LAPORAN_IMPOR, request=request, objek=f"impor {pk}: {snapshot.nama_berkas}")
        response = HttpResponse(snapshot.laporan or "baris,nik,alasan\n", content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="baris-ditolak-{pk}.csv"'
        return response
