"""Digital signatures as officials make them (ký số), for tests: a certificate authority and a
signer's certificate made on the spot, and a PDF signed with pyHanko.

Also a command for the browser tests, which sign the PDF they download:
`python -m tests.documents.signing IN.pdf OUT.pdf "Signer name"`."""

import asyncio
import datetime
import io
import sys
from dataclasses import dataclass
from unittest.mock import patch

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.signers import pdf_signer
from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclass(frozen=True)
class Identity:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "QCDC thử nghiệm"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: Identity | None,
                 authority: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject))
               .issuer_name(issuer.certificate.subject if issuer else _name(subject))
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=not authority, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=authority,
                   crl_sign=authority, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


def authority(name: str = "CA thử nghiệm QCDC") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    return Identity(_certificate(name, key, None, authority=True), key)


def signer(issuer: Identity, name: str) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    return Identity(_certificate(name, key, issuer, authority=False), key)


class _Clock:
    """pyHanko's clock while signing, set back by `behind` (a signing computer's clock)."""

    def __init__(self, behind: datetime.timedelta) -> None:
        self.behind = behind

    def now(self, tz: datetime.tzinfo | None = None) -> datetime.datetime:
        return datetime.datetime.now(tz) - self.behind


async def sign(pdf: bytes, who: Identity, issuer: Identity, field: str = "Signature1",
               behind: datetime.timedelta | None = None) -> bytes:
    """`pdf` with a signature of `who` appended as an incremental update, as signing tools do;
    `behind`: signed that long ago, as the signing software says."""
    if behind is not None:
        with patch.object(pdf_signer, "datetime", _Clock(behind)):
            return await sign(pdf, who, issuer, field)
    der = serialization.Encoding.DER
    pyhanko_signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(who.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(who.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(issuer.certificate.public_bytes(der))]))
    out = await signers.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
                                       signers.PdfSignatureMetadata(field_name=field),
                                       signer=pyhanko_signer)
    return out.getvalue()


def main() -> None:
    source, target, name = sys.argv[1:4]
    issuer = authority()
    with open(source, "rb") as handle:
        signed = asyncio.run(sign(handle.read(), signer(issuer, name), issuer))
    with open(target, "wb") as handle:
        handle.write(signed)


if __name__ == "__main__":
    main()
