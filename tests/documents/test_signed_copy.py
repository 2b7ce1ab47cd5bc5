"""The signed copy (ký số): verified with pyHanko at upload, then what downloads and publication
serve. Certificates are made here; the trust roots are the server's setting."""

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.generic import NameObject, NumberObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from backend.config import get_settings
from tests.documents import reports, signing
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"


def _copy(sid: int) -> str:
    return f"{SUBMISSIONS}/{sid}/document/signed-copy"


def _file(content: bytes, name: str = "bao-cao-ky-so.pdf", media: str = "application/pdf"):
    return {"file": (name, content, media)}


async def _approved(client, login, unit_ids) -> tuple[dict, dict, dict, int]:
    unit, reporter = await reports.commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    await reports.approve(client, reporter, reviewer, sid)
    return unit, reporter, reviewer, sid


async def _pdf(client, headers, sid: int) -> bytes:
    response = await client.get(f"{SUBMISSIONS}/{sid}/document", headers=headers,
                                params={"format": "pdf"})
    assert response.status_code == 200, response.text
    return response.content


async def _settings(client, headers, sid: int) -> dict:
    return (await client.get(f"{SUBMISSIONS}/{sid}/document-settings", headers=headers)).json()


async def _events(client, login, sid: int) -> list[str]:
    items = (await client.get("/api/v1/audit-events", headers=await login("admin"), params={
        "entity_type": "submission", "entity_id": str(sid)})).json()["items"]
    return [event["action"] for event in items]


def _kept_files() -> set[str]:
    folder = get_settings().data_dir / "signed"
    return {path.name for path in folder.glob("??/*")} if folder.exists() else set()


@pytest.fixture
def authority(tmp_path, monkeypatch) -> signing.Identity:
    """A certificate authority the server trusts (QCDC_SIGNING_TRUST_ROOTS)."""
    ca = signing.authority()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(ca.pem)
    monkeypatch.setattr(get_settings(), "signing_trust_roots", roots)
    return ca


async def test_a_signed_copy_is_recorded_and_served_by_download_and_publication(
        client, login, unit_ids, authority):
    unit, reporter, reviewer, sid = await _approved(client, login, unit_ids)
    official = signing.signer(authority, "Nguyễn Văn An")
    signed = await signing.sign(await _pdf(client, reporter, sid), official, authority)

    uploaded = await client.put(_copy(sid), headers=reviewer, files=_file(signed))
    assert uploaded.status_code == 200, uploaded.text
    copy = uploaded.json()["signed_copy"]
    certificate = official.certificate
    assert (copy["signer_name"], copy["signatures"], copy["trusted"]) == ("Nguyễn Văn An", 1, True)
    assert copy["certificate_serial"] == format(certificate.serial_number, "X")
    assert "CA thử nghiệm QCDC" in copy["certificate_issuer"]
    assert copy["certificate_sha256"] == hashlib.sha256(
        certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    assert copy["certificate_pem"].encode() == official.pem
    assert abs(datetime.fromisoformat(copy["signed_at"]) - datetime.now(UTC)) < timedelta(minutes=5)
    assert (copy["sha256"], copy["size"]) == (hashlib.sha256(signed).hexdigest(), len(signed))
    assert await _settings(client, reporter, sid) == uploaded.json()

    # From now on the PDF is the signed one, for download and for publication.
    assert await _pdf(client, reporter, sid) == signed
    download = await client.get(_copy(sid), headers=reporter)
    assert download.status_code == 200 and download.content == signed
    assert (await client.put(f"{SUBMISSIONS}/{sid}/publication", headers=reviewer)).status_code == 200
    public = await client.get(f"/api/v1/public/submissions/{sid}.pdf")
    assert public.status_code == 200 and public.content == signed
    register = (await client.get(f"/api/v1/org-units/{unit['id']}/document-register",
                                 headers=reporter)).json()
    assert [(e["submission_id"], e["signed"], e["published"], e["status"])
            for e in register["items"]] == [(sid, True, True, "approved")]
    assert register["pagination"]["total"] == 1
    assert (await _events(client, login, sid))[:2] == ["publish", "upload_signed_copy"]

    # Taken back by a publisher (a wrong upload): the rendered PDF again. Audited.
    assert_problem(await client.delete(_copy(sid), headers=reporter), 403)
    removed = await client.delete(_copy(sid), headers=reviewer)
    assert removed.status_code == 200 and removed.json()["signed_copy"] is None
    assert "remove_signed_copy" in await _events(client, login, sid)
    assert await _pdf(client, reporter, sid) != signed
    assert_problem(await client.get(_copy(sid), headers=reporter), 404)


async def test_an_intact_signature_of_an_unknown_certificate_is_kept_as_untrusted(
        client, login, unit_ids, monkeypatch):
    monkeypatch.setattr(get_settings(), "signing_trust_roots", None)
    _, reporter, _, sid = await _approved(client, login, unit_ids)
    stranger = signing.authority("CA lạ")
    signed = await signing.sign(await _pdf(client, reporter, sid),
                                signing.signer(stranger, "Trần Thị Bình"), stranger)
    uploaded = await client.put(_copy(sid), headers=reporter, files=_file(signed))  # the unit itself
    assert uploaded.status_code == 200, uploaded.text
    assert (uploaded.json()["signed_copy"]["signer_name"],
            uploaded.json()["signed_copy"]["trusted"]) == ("Trần Thị Bình", False)


def _tampered(signed: bytes) -> bytes:
    """One byte changed inside the signed revision's first stream (still a readable PDF)."""
    at = signed.index(b"stream", signed.index(b"obj")) + 40
    return signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]


def _changed_after_signing(signed: bytes) -> bytes:
    """An incremental update after the signature that changes a page, as an editor would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Rotate")] = NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_refused_files_are_named_and_nothing_is_kept(client, login, unit_ids, authority,
                                                           monkeypatch):
    unit, reporter, reviewer, sid = await _approved(client, login, unit_ids)
    official = signing.signer(authority, "Nguyễn Văn An")
    rendered = await _pdf(client, reporter, sid)
    signed = await signing.sign(rendered, official, authority)
    other = await reports.annual(client, reporter, unit["id"], "2012")
    await reports.approve(client, reporter, reviewer, other)
    signs_another = await signing.sign(await _pdf(client, reporter, other), official, authority)
    kept = _kept_files()

    refusals = [
        (_file(rendered), 422, "pdf_not_signed"),
        (_file(_tampered(signed)), 422, "signature_broken"),
        (_file(_changed_after_signing(signed)), 422, "signature_not_covering"),
        (_file(signs_another), 422, "signed_copy_mismatch"),
        (_file(b"%PDF-1.7\nnot really a pdf"), 422, "pdf_unreadable"),
        (_file(b"PK\x03\x04 a docx", "bao-cao.docx", "application/octet-stream"), 422,
         "file_type_refused"),
    ]
    for files, status, code in refusals:
        problem = assert_problem(await client.put(_copy(sid), headers=reviewer, files=files),
                                 status, code)
        if code == "signed_copy_mismatch":
            assert problem["missing"] == ["number", "title"]
    monkeypatch.setattr(get_settings(), "signed_copy_max_bytes", len(signed) - 1)
    assert_problem(await client.put(_copy(sid), headers=reviewer, files=_file(signed)), 413,
                   "file_too_large")
    assert (await _settings(client, reporter, sid))["signed_copy"] is None
    assert _kept_files() == kept
    assert "upload_signed_copy" not in await _events(client, login, sid)


async def test_reopening_drops_the_signed_copy(client, login, unit_ids, authority):
    _, reporter, reviewer, sid = await _approved(client, login, unit_ids)
    signed = await signing.sign(await _pdf(client, reporter, sid),
                                signing.signer(authority, "Nguyễn Văn An"), authority)
    assert (await client.put(_copy(sid), headers=reviewer, files=_file(signed))).status_code == 200
    reopened = await client.post(f"{SUBMISSIONS}/{sid}/reopen", headers=reviewer,
                                 json={"comment": "Sửa số liệu."})
    assert reopened.status_code == 200, reopened.text
    assert (await _settings(client, reporter, sid))["signed_copy"] is None
    assert "drop_signed_copy" in await _events(client, login, sid)
    assert await _pdf(client, reporter, sid) != signed
    assert_problem(await client.put(_copy(sid), headers=reviewer, files=_file(signed)), 409,
                   "submission_not_approved")


async def test_a_copy_signed_before_the_last_approval_is_refused(client, login, unit_ids,
                                                                 authority):
    """The number exists from approval on: a copy signed before is of the document as it stood
    before a reopening."""
    _, reporter, reviewer, sid = await _approved(client, login, unit_ids)
    earlier = await signing.sign(await _pdf(client, reporter, sid),
                                 signing.signer(authority, "Nguyễn Văn An"), authority,
                                 behind=timedelta(hours=2))
    assert_problem(await client.put(_copy(sid), headers=reviewer, files=_file(earlier)), 422,
                   "signed_copy_outdated")


async def test_only_those_who_see_the_report_and_act_for_it_upload(client, login, unit_ids,
                                                                   authority):
    _, reporter, _, sid = await _approved(client, login, unit_ids)
    signed = await signing.sign(await _pdf(client, reporter, sid),
                                signing.signer(authority, "Nguyễn Văn An"), authority)
    assert_problem(await client.put(_copy(sid), headers=await login("tanyen.viewer"),
                                    files=_file(signed)), 403)
    assert_problem(await client.put(_copy(sid), headers=await login("honquan.reviewer"),
                                    files=_file(signed)), 404)
    assert_problem(await client.get(_copy(sid), headers=await login("honquan.reviewer")), 404)
    assert_problem(await client.delete(_copy(sid), headers=await login("honquan.reviewer")), 404)
    assert (await _settings(client, reporter, sid))["signed_copy"] is None
