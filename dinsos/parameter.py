"""Bad query parameters answer 400 with a page that names what was wrong, never a 500."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


def pesan_form(form) -> list[str]:
    """A form's errors as sentences, each prefixed with its field's label."""
    pesan = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = f"{field.label}: " if field is not None and field.label else ""
        pesan.extend(f"{label}{e}" for e in errors)
    return pesan


def parameter_salah(request, form=None, pesan=()):
    """400 page for a request whose query string did not validate."""
    context = {"pesan": list(pesan) + (pesan_form(form) if form is not None else []), "kembali": request.path}
    return HttpResponseBadRequest(render_to_string("dinsos/parameter_salah.html", context, request=request))
