"""A certificate authority made offline, for the demo and the tests (never for real letters).

The demo office trusts its own root (an `AkarTepercaya` row) and gives its signing officials
PKCS#12 files issued by it, so letters are signed and verified with no network. The CA's
private key is used once, while the certificates are made, and then thrown away.
"""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NAMA_OTORITAS = "Otoritas Sertifikat Demo Dinsos Layanan"


@dataclass
class Otoritas:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def _kunci(jenis="ec"):
    if jenis == "rsa":  # what most national CAs issue; slower to load (validated at every load)
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # ECDSA P-256: fast to make, open and sign with (an RSA key is re-validated at every load).
    return ec.generate_private_key(ec.SECP256R1())


def _nama(cn: str, organisasi: str = "Dinsos Layanan (DEMO)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisasi),
            x509.NameAttribute(NameOID.COMMON_NAME, cn[:64]),
        ]
    )


def buat_otoritas(nama: str = NAMA_OTORITAS, mulai: datetime.datetime | None = None, tahun: int = 10) -> Otoritas:
    """A self-signed root CA."""
    key = _kunci()
    mulai = mulai or datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    name = _nama(nama)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(mulai)
        .not_valid_after(mulai + datetime.timedelta(days=365 * tahun))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign, cRLSign
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Otoritas(cert, key)


def buat_sertifikat(
    otoritas: Otoritas,
    nama: str,
    frasa_sandi: str,
    mulai: datetime.datetime | None = None,
    hari: int = 730,
    tsa: bool = False,
    jenis_kunci: str = "ec",
    crl_url: str = "",
) -> bytes:
    """A PKCS#12 file (key, certificate, CA certificate) for one official, under a passphrase."""
    key = _kunci(jenis_kunci)
    mulai = mulai or datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_nama(nama))
        .issuer_name(otoritas.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(mulai)
        .not_valid_after(mulai + datetime.timedelta(days=hari))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(otoritas.key.public_key()), critical=False)
    )
    if crl_url:  # where a verifier fetches the CA's revocation list (tests serve one locally)
        titik = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([titik]), critical=False)
    if tsa:
        builder = builder.add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:  # digitalSignature + nonRepudiation (contentCommitment), as signing certificates carry
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    cert = builder.sign(otoritas.key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        nama.encode(),
        key,
        cert,
        [otoritas.cert],
        serialization.BestAvailableEncryption(frasa_sandi.encode()),
    )


def pasang(pegawai_list, frasa_sandi: str) -> Otoritas:
    """Trust a fresh demo CA and give each official a PKCS#12 certificate from it.

    Earlier demo roots stay trusted, so letters signed before a re-run still verify.
    """
    from django.utils import timezone

    from surat.models import AkarTepercaya, JenisSertifikat, SertifikatTTE

    nama = f"{NAMA_OTORITAS} {timezone.now():%Y%m%d-%H%M%S}"  # a certificate name holds 64 characters
    otoritas = buat_otoritas(nama)
    AkarTepercaya.objects.create(nama=nama, sertifikat_pem=otoritas.pem)
    for pegawai in pegawai_list:
        berkas = buat_sertifikat(otoritas, pegawai.nama, frasa_sandi)
        SertifikatTTE.objects.update_or_create(
            pegawai=pegawai,
            defaults={
                "jenis": JenisSertifikat.P12,
                "berkas_p12": berkas,
                "aktif": True,
                "subjek": pegawai.nama,
                "penerbit": nama,
                "berlaku_sampai": timezone.now() + datetime.timedelta(days=729),
            },
        )
    return otoritas


def buat_crl(otoritas: Otoritas, dicabut: list[tuple[int, datetime.datetime]]) -> bytes:
    """A DER CRL of the CA listing (serial number, revocation time) pairs, valid for a week."""
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(otoritas.cert.subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(otoritas.key.public_key()), critical=False)
    )
    for serial, waktu in dicabut:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(waktu).build()
        )
    return builder.sign(otoritas.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
