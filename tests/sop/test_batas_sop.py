"""SOP free text is capped in the admin forms."""

from sop.admin import LangkahForm
from sop.models import BATAS_TEKS_SOP, Pelaksana


def test_overlong_step_text_is_refused_in_the_admin_form(kantor):
    pelaksana = Pelaksana.objects.filter(kabupaten="oku-selatan").first()
    data = {
        "urutan": 1,
        "uraian": "u" * (BATAS_TEKS_SOP + 1),
        "fase": "verifikasi",
        "waktu_teks": "30 menit",
        "pelaksana": [pelaksana.pk],
    }
    form = LangkahForm(data=data)
    assert not form.is_valid()
    assert "paling banyak 5000 karakter" in " ".join(form.errors["uraian"])
    assert f'maxlength="{BATAS_TEKS_SOP}"' in str(form["uraian"])
