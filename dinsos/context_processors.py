from dinsos.roles import menu_for


def kantor(request):
    user = getattr(request, "user", None)
    return {
        "instansi": getattr(request, "instansi", None),
        "menu": menu_for(user) if user is not None and user.is_authenticated else [],
    }
