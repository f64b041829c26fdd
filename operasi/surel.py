"""Notification e-mails as background jobs: a slow or absent mail server never holds a request.

A job that cannot send (server down, refused address) ends FAILED with the reason, visible
in the admin's task list; it is not retried, so no one gets the same e-mail twice.
"""

from django.core.mail import send_mail
from django_tasks import task


@task()
def kirim_surel(penerima: list[str], subjek: str, isi: str) -> int:
    return send_mail(subjek, isi, None, penerima, fail_silently=False)


def antrekan_surel(penerima, subjek, isi):
    """Queue an e-mail to the addresses given (empty ones dropped); None when there is nobody."""
    penerima = [alamat for alamat in penerima if alamat]
    if not penerima:
        return None
    return kirim_surel.enqueue(penerima, subjek, isi)
