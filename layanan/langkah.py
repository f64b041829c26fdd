"""The step engine: where a case is in its SOP and who acts there (docs/keputusan.md).

A case points at `langkah_kini`, a step of its pinned SOP version, and walks the steps in
`urutan` order (a keputusan jumps by `jika_ya` / `jika_tidak`). The coarse django-fsm status
is derived from the kind (`jenis`) of the step entered. Everything here reads the version's
steps once (`daftar`) and works on that list, so a page asks the database once per version.

Letter sub-stages (konsep → paraf → ttd) live on steps of kind konsep/paraf/ttd. A sub-stage
without its own step folds into the nearest following letter step, else the last one
(`langkah_sub`): the case stays on that step, with its deadline, while the status moves.
"""

from sop.models import Fase, JenisLangkah, Pelaksana

J = JenisLangkah
JENIS_SURAT = (J.KONSEP, J.PARAF, J.TTD)
# Letter sub-stages in order; the status of each equals its kind's value.
SUB = ["konsep", "paraf", "ttd"]


def daftar(versi):
    """The version's steps in order, pelaksana prefetched (cached on the version object)."""
    cache = versi.__dict__.get("_langkah_mesin")
    if cache is None:
        cache = list(versi.langkah.prefetch_related("pelaksana").order_by("urutan"))
        versi.__dict__["_langkah_mesin"] = cache
    return cache


def menurut_urutan(versi, urutan):
    return next((lk for lk in daftar(versi) if lk.urutan == urutan), None)


def berikut(versi, langkah):
    """The step after `langkah` in order (None: past the last step)."""
    steps = daftar(versi)
    for i, lk in enumerate(steps):
        if lk.pk == langkah.pk:
            return steps[i + 1] if i + 1 < len(steps) else None
    return None


def posisi(versi, langkah):
    """Office positions acting on a step, in giliran order when it has one."""
    by_kode = {p.kode: p for p in langkah.pelaksana.all()}
    urut = [by_kode[k] for k in (langkah.giliran or []) if k in by_kode]
    urut += [p for p in sorted(by_kode.values(), key=lambda p: (p.urutan, p.kode)) if p not in urut]
    result = []
    for pelaksana in urut:
        jabatan = versi.jabatan_dari(pelaksana)
        if jabatan is not None and jabatan not in result:
            result.append(jabatan)
    return result


def giliran_posisi(versi, langkah):
    """The positions that act in turn on a step (empty: jointly)."""
    by_kode = {p.kode: p for p in langkah.pelaksana.all()}
    result = []
    for kode in langkah.giliran or []:
        jabatan = versi.jabatan_dari(by_kode.get(kode)) if kode in by_kode else None
        if jabatan is not None:
            result.append(jabatan)
    return result


def hanya_pihak_luar(versi, langkah) -> bool:
    return not posisi(versi, langkah)


def pencatat(versi, langkah):
    """Who records a step: its own positions, else (outside parties only) the nearest office step's."""
    jabatan = posisi(versi, langkah)
    if jabatan:
        return jabatan
    steps = daftar(versi)
    i = next((n for n, lk in enumerate(steps) if lk.pk == langkah.pk), 0)
    for lk in reversed(steps[:i]):
        jabatan = posisi(versi, lk)
        if jabatan:
            return jabatan
    for lk in steps[i + 1 :]:
        jabatan = posisi(versi, lk)
        if jabatan:
            return jabatan
    return []


# -- letters -----------------------------------------------------------------------


def adalah_surat(versi) -> bool:
    return bool(versi.jenis_surat)


def langkah_surat(versi):
    """The steps the letter is drafted, initialled and signed on.

    A letter SOP whose table has no konsep/paraf/ttd step (e.g. Lumajang UGB) makes its letter
    on the first hand-over step (the letter is what is handed over), else on its last step.
    """
    if not adalah_surat(versi):
        return []
    steps = daftar(versi)
    surat = [lk for lk in steps if lk.jenis in JENIS_SURAT]
    if surat or not steps:
        return surat
    return [next((lk for lk in steps if lk.jenis == J.SERAH), steps[-1])]


def adalah_langkah_surat(versi, langkah) -> bool:
    return langkah is not None and any(lk.pk == langkah.pk for lk in langkah_surat(versi))


def _rank(langkah):
    return SUB.index(langkah.jenis) if langkah.jenis in SUB else len(SUB)


def langkah_sub(versi, sub):
    """The step a letter sub-stage runs on: its own kind's step, else the nearest following letter step."""
    steps = langkah_surat(versi)
    if not steps:
        return None
    own = next((lk for lk in steps if lk.jenis == sub), None)
    if own is not None:
        return own
    rank = SUB.index(sub)
    return next((lk for lk in steps if _rank(lk) > rank), steps[-1])


def rantai(versi):
    """The paraf chain's positions: the SOP's chain, else the paraf step's giliran."""
    chain = [versi.jabatan_dari(p) for p in versi.rantai_paraf()]
    chain = [j for j in chain if j is not None]
    if chain:
        return chain
    step = langkah_sub(versi, "paraf")
    if step is not None and step.jenis == J.PARAF:
        return giliran_posisi(versi, step) or posisi(versi, step)
    return []


def sub_berikut(versi, sub):
    """The letter sub-stage after `sub` (None after the signature)."""
    if sub == "konsep":
        return "paraf" if rantai(versi) else "ttd"
    if sub == "paraf":
        return "ttd"
    return None


def sub_masuk(versi, langkah):
    """The first letter sub-stage that runs on this step (None: the step has none)."""
    for sub in SUB:
        if sub == "paraf" and not rantai(versi):
            continue
        if langkah_sub(versi, sub) is not None and langkah_sub(versi, sub).pk == langkah.pk:
            return sub
    return None


# -- status --------------------------------------------------------------------------


def status_langkah(permohonan, langkah):
    """The lifecycle status a case takes on entering `langkah`."""
    from layanan.models import Status

    versi = permohonan.versi_sop
    jenis = langkah.jenis
    terbit = permohonan.surat_id is not None and not permohonan.surat.dicabut
    if adalah_langkah_surat(versi, langkah):
        sub = None if terbit else sub_masuk(versi, langkah)
        if sub is not None:
            return Status(sub)
        return Status.TERBIT if terbit or jenis == J.SERAH else Status.BERJALAN
    return {
        J.VERIFIKASI: Status.VERIFIKASI,
        J.DISPOSISI: Status.DISPOSISI,
        J.SURVEI: Status.SURVEI,
        J.TUNGGU: Status.MENUNGGU,
        J.SERAH: Status.TERBIT if terbit else Status.BERJALAN,
    }.get(jenis, Status.BERJALAN)


def langkah_mulai(versi):
    """The step a new case starts on.

    Citizen services: registration is the reception, so leading steps of outside parties only
    and plain reception steps (fase terima, kind kegiatan; or kind verifikasi followed by a
    verifikasi step) are recorded done; a reception decision or a reception the counter
    verifies on is where the case starts. Internal procedures start on their first office step.
    """
    steps = daftar(versi)
    for i, lk in enumerate(steps):
        if hanya_pihak_luar(versi, lk):
            continue
        if not versi.internal and lk.fase == Fase.TERIMA and lk.jenis in (J.KEGIATAN, J.VERIFIKASI):
            nxt = steps[i + 1] if i + 1 < len(steps) else None
            if lk.jenis == J.KEGIATAN or (nxt is not None and nxt.jenis == J.VERIFIKASI):
                continue
        return lk
    return steps[0] if steps else None


def langkah_untuk_status(permohonan, status):
    """The step a status is acted on: the current step, or (status set by hand) its natural step."""
    from layanan.models import Status

    versi = permohonan.versi_sop
    kini = _dari_daftar(versi, permohonan.langkah_kini) if permohonan.langkah_kini_id else None
    if kini is not None and _cocok(permohonan, kini, status):
        return kini
    if status in SUB:
        step = langkah_sub(versi, status)
        if step is not None:
            return step
    if status == Status.DIKEMBALIKAN:
        status = Status.VERIFIKASI
    if status == Status.TINJAU:
        status = Status.SURVEI
    jenis = {
        Status.VERIFIKASI: J.VERIFIKASI,
        Status.DISPOSISI: J.DISPOSISI,
        Status.SURVEI: J.SURVEI,
        Status.MENUNGGU: J.TUNGGU,
        Status.TERBIT: J.SERAH,
    }.get(status)
    step = next((lk for lk in daftar(versi) if lk.jenis == jenis), None) if jenis else None
    if step is None and status == Status.TERBIT:
        step = langkah_sub(versi, "ttd")
    return step or kini


def _dari_daftar(versi, langkah):
    """The same step from the version's cached list (its pelaksana already fetched)."""
    return next((lk for lk in daftar(versi) if lk.pk == langkah.pk), langkah)


def _cocok(permohonan, langkah, status):
    from layanan.models import Status

    if status in (Status.DIKEMBALIKAN,):
        return langkah.jenis == J.VERIFIKASI
    if status == Status.TINJAU:
        return langkah.jenis == J.SURVEI
    if status in SUB:
        return adalah_langkah_surat(permohonan.versi_sop, langkah)
    if status == Status.TERBIT:
        return langkah.jenis == J.SERAH or adalah_langkah_surat(permohonan.versi_sop, langkah)
    if status == Status.BERJALAN:
        return True
    return status_langkah(permohonan, langkah) == status


def label(langkah) -> str:
    """ "Langkah 3 · Disposisi Kepala Dinas" style label of a step."""
    if langkah is None:
        return ""
    teks = " ".join(langkah.uraian.split())
    if len(teks) > 70:
        teks = teks[:69].rstrip() + "…"
    return f"Langkah {langkah.urutan} · {teks}"


def pelaksana_nama(langkah):
    return ", ".join(p.nama for p in langkah.pelaksana.all())


def ada_pihak_luar(langkah) -> bool:
    return any(p.jenis != Pelaksana.Jenis.JABATAN for p in langkah.pelaksana.all())


def serah_sesudah(versi, langkah) -> bool:
    """A hand-over step comes after `langkah`."""
    steps = daftar(versi)
    return any(lk.jenis == J.SERAH and lk.urutan > langkah.urutan for lk in steps)


def serah_terlipat(permohonan) -> bool:
    """The letter is issued on a letter step with no hand-over step after it: the counter hands it over."""
    from layanan.models import Status

    kini = permohonan.langkah_untuk() if permohonan.status == Status.TERBIT else None
    return (
        permohonan.status == Status.TERBIT
        and kini is not None
        and kini.jenis in JENIS_SURAT
        and adalah_langkah_surat(permohonan.versi_sop, kini)
        and not serah_sesudah(permohonan.versi_sop, kini)
    )
