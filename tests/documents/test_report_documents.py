"""The document of a report (Decree 30/2020): docx, PDF and xlsx, its number, signer and recipients."""

import io

import openpyxl
import pypdf

from tests.documents import reports
from tests.documents.reading import assert_decree_30_layout, read_docx
from tests.helpers import assert_problem

SUBMISSIONS = "/api/v1/submissions"


async def _document(client, headers, sid: int, fmt: str = "docx"):
    response = await client.get(f"{SUBMISSIONS}/{sid}/document", headers=headers,
                                params={"format": fmt})
    assert response.status_code == 200, response.text
    return response


async def test_a_draft_is_marked_and_unnumbered_and_approval_gives_numbers_in_order(
        client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    form_id = await reports.form_id(client, reporter, "QCDC_COMMUNE_ANNUAL")
    first, second, third = [await reports.report(client, reporter, form_id, unit["id"], year)
                            for year in ("2011", "2012", "2013")]

    draft = read_docx((await _document(client, reporter, first)).content)
    assert_decree_30_layout(draft)
    assert draft.lines[0] == "DỰ THẢO"
    assert draft.header[0] == ["UBND HUYỆN TÂN YÊN", f"ỦY BAN NHÂN DÂN {unit['name'].upper()}",
                               "Số:       /BC-UBND"]
    assert draft.header[1][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert draft.header[1][2].startswith(f"{unit['name'].removeprefix('Xã ')}, ngày ")
    assert "BÁO CÁO" in draft.lines
    assert "Kết quả thực hiện dân chủ ở xã, phường, thị trấn năm 2011" in draft.lines
    # The form's outline in order, the unit's text as written, figures in Vietnamese notation.
    headings = [line for line in draft.lines if line[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ", "III. NGUYÊN NHÂN",
                        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", "V. KIẾN NGHỊ, ĐỀ XUẤT"]
    assert draft.text.index("Dòng thứ nhất.") < draft.text.index("Dòng thứ hai.") < \
        draft.text.index("II. HẠN CHẾ") < draft.text.index("Còn hạn chế.")
    assert "52.620" in draft.lines and "51/200 (25,5%)" in draft.lines and "Có" in draft.lines
    assert "Trong kỳ không có nhiệm vụ đến hạn." in draft.lines
    # The signer's name is left for the unit to fill in.
    assert draft.lines[-5:] == ["Nơi nhận:", "- UBND huyện Tân Yên;", "- Lưu: VT.",
                                "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]

    # Numbers in the order of approval, not of creation; a reopened report keeps its number.
    for sid in (second, first):
        await reports.approve(client, reporter, reviewer, sid)
    numbered = {sid: (await client.get(f"{SUBMISSIONS}/{sid}/document-settings",
                                       headers=reporter)).json() for sid in (first, second, third)}
    assert [numbered[sid]["number"] for sid in (second, first, third)] == [1, 2, None]
    assert numbered[first]["symbol"] == "BC-UBND" and numbered[first]["issued_on"]
    reopened = await client.post(f"{SUBMISSIONS}/{second}/reopen", headers=reviewer,
                                 json={"comment": "Bổ sung."})
    assert reopened.status_code == 200, reopened.text
    await reports.approve(client, reporter, reviewer, second)
    await reports.approve(client, reporter, reviewer, third)
    settings = [(await client.get(f"{SUBMISSIONS}/{sid}/document-settings",
                                  headers=reporter)).json()["number"] for sid in (first, second, third)]
    assert settings == [2, 1, 3]

    approved = read_docx((await _document(client, reporter, first)).content)
    assert "DỰ THẢO" not in approved.lines
    assert approved.header[0][2] == "Số: 02/BC-UBND"
    day = numbered[first]["issued_on"]
    assert approved.header[1][2] == (f"{unit['name'].removeprefix('Xã ')}, ngày {day[8:10]} "
                                     f"tháng {day[5:7]} năm {day[:4]}")
    register = (await client.get(f"/api/v1/org-units/{unit['id']}/document-register",
                                 headers=reporter)).json()["items"]
    assert [(e["number"], e["submission_id"]) for e in register] == [(3, third), (2, first), (1, second)]
    paged = (await client.get(f"/api/v1/org-units/{unit['id']}/document-register", headers=reporter,
                              params={"limit": 2, "page": 2})).json()
    assert [e["number"] for e in paged["items"]] == [1] and paged["pagination"]["total"] == 3


async def test_signer_and_recipients_are_edited_while_a_draft(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    reviewer = await login("tanyen.reviewer")
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    changed = await client.put(f"{SUBMISSIONS}/{sid}/document-settings", headers=reporter, json={
        "signer_authority": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn An",
        "recipients": ["UBND huyện Tân Yên;", "Ban Chỉ đạo QCDC huyện;", "Lưu: VT."]})
    assert changed.status_code == 200, changed.text
    read = read_docx((await _document(client, reporter, sid)).content)
    assert read.lines[-7:] == ["Nơi nhận:", "- UBND huyện Tân Yên;", "- Ban Chỉ đạo QCDC huyện;",
                               "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    # Only the unit's reporters set them, and only while the report can still change.
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/document-settings", headers=reviewer,
                                    json={"signer_name": "X"}), 403)
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/document-settings",
                                    headers=await login("songvan.reporter"),
                                    json={"signer_name": "X"}), 404)
    await reports.approve(client, reporter, reviewer, sid)
    assert_problem(await client.put(f"{SUBMISSIONS}/{sid}/document-settings", headers=reporter,
                                    json={"signer_name": "X"}), 409, "document_locked")
    # Another unit's report is not there at all.
    assert_problem(await client.get(f"{SUBMISSIONS}/{sid}/document",
                                    headers=await login("honquan.reviewer")), 404)


async def test_the_unit_profile_sets_the_symbol(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    admin = await login("admin")
    assert (await client.get(f"/api/v1/org-units/{unit['id']}/document-profile",
                             headers=reporter)).json()["abbreviation"] == "UBND"
    assert_problem(await client.put(f"/api/v1/org-units/{unit['id']}/document-profile",
                                    headers=reporter, json={"abbreviation": "X"}), 403)
    assert_problem(await client.put(f"/api/v1/org-units/{unit['id']}/document-profile",
                                    headers=admin, json={"abbreviation": "A/B"}), 422)
    changed = await client.put(f"/api/v1/org-units/{unit['id']}/document-profile", headers=admin,
                               json={"abbreviation": "UBND-VB", "signer_name": "Trần Thị Bình"})
    assert changed.status_code == 200, changed.text
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    read = read_docx((await _document(client, reporter, sid)).content)
    assert read.header[0][2] == "Số:       /BC-UBND-VB" and read.lines[-1] == "Trần Thị Bình"


async def test_an_agency_signs_as_itself(client, login, unit_ids):
    profile = (await client.get(f"/api/v1/org-units/{unit_ids['70-SNV']}/document-profile",
                                headers=await login("admin"))).json()
    assert (profile["abbreviation"], profile["place"], profile["signer_authority"],
            profile["signer_title"]) == ("SNV", "Bình Phước", "", "GIÁM ĐỐC")


async def test_the_annex_workbook_keeps_numbers_as_numbers(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    book = openpyxl.load_workbook(io.BytesIO((await _document(client, reporter, sid, "xlsx")).content))
    rows = {row[1]: row for row in book["Phụ lục"].iter_rows(min_row=5, values_only=True)}
    assert rows["QCDC_LEADER_DIALOGUE_PARTICIPANTS"][4] == 52620
    assert rows["QCDC_VILLAGES_WITH_CONVENTION"][4:8] == ("51/200 (25,5%)", 51, 200, 25.5)
    assert rows["QCDC_DISCLOSURE_DONE"][4] == "Có"


async def test_the_pdf_is_the_docx_converted(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    response = await _document(client, reporter, sid, "pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].endswith(".pdf\"")
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    page = pdf.pages[0].mediabox
    assert (round(float(page.width) / 72 * 25.4), round(float(page.height) / 72 * 25.4)) == (210, 297)
    for line in read_docx((await _document(client, reporter, sid)).content).lines:
        assert " ".join(line.split()) in text, line


async def test_a_bad_format_is_refused(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    sid = await reports.annual(client, reporter, unit["id"], "2013")
    assert_problem(await client.get(f"{SUBMISSIONS}/{sid}/document", headers=reporter,
                                    params={"format": "odt"}), 422)
    assert_problem(await client.get(f"{SUBMISSIONS}/999999/document", headers=reporter), 404)
