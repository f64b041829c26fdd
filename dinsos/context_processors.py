from dinsos.roles import menu_for


def kantor(request):
    user = getattr(request, "user", None)
    # A user who still owes a two-factor code sees no menu: every link would lead back.
    menunggu_dua_faktor = getattr(request, "menunggu_dua_faktor", False)
    return {
        "instansi": getattr(request, "instansi", None),
        "menu": menu_for(user) if user is not None and user.is_authenticated and not menunggu_dua_faktor else [],
        "menunggu_dua_faktor": menunggu_dua_faktor,
    }
