"""The worklist search travels by POST: the text is kept in the session under a random
token and the list's URL carries only `?cari=<token>`, so a NIK is never in a URL (browser
history, proxy and server logs)."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

SESI_CARI = "cari-tugas"
FILTER_TUGAS = ("semua", "layanan", "status", "dari", "sampai", "desa")


def adalah_nik(q):
    return q.isdigit() and len(q) == 16


def simpan(request):
    """The worklist search is POSTed: the search text stays in the session, the URL gets a token."""
    params = {k: v for k in FILTER_TUGAS if (v := request.POST.get(k, "").strip())}
    q = request.POST.get("q", "").strip()[:100]
    if q:
        token = secrets.token_urlsafe(6)
        disimpan = dict(list(request.session.get(SESI_CARI, {}).items())[-19:])
        disimpan[token] = q
        request.session[SESI_CARI] = disimpan
        params["cari"] = token
    return redirect(f"{reverse('layanan:tugas')}?{urlencode(params)}")


def params(request):
    """The list's filters, with the search text read back from the session."""
    params = request.GET.copy()
    q = request.session.get(SESI_CARI, {}).get(params.get("cari", ""))
    if q is not None:
        params["q"] = q
    elif adalah_nik(params.get("q", "").strip()):
        # A NIK never travels in a URL: a hand-made ?q=<NIK> is not run.
        params["q"] = ""
        messages.warning(request, "Demi perlindungan data pribadi, cari NIK lewat kotak pencarian.")
    return params
