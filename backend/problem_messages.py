"""What each problem code says to a person, in Vietnamese and English. The server answers in
the caller's language (Accept-Language) with these, and `qcdc openapi export` writes them to
openapi/problem-messages.json for the web app: one text per code, wherever it is shown."""

import json
from dataclasses import asdict

from backend.kit.said import Said

MESSAGES: dict[str, Said] = {
    'account_locked': Said(
        vi='Đăng nhập tài khoản này từ nơi bạn đang dùng bị tạm khóa do nhập sai mật khẩu nhiều lần. '
           'Hãy thử lại sau hoặc liên hệ quản trị viên.',
        en='Signing in to this account from here is locked for a while after repeated wrong '
           'passwords. Try again later or contact an administrator.'),
    'already_reminded': Said(
        vi='Các đơn vị này đã được nhắc gửi báo cáo này hôm nay; mỗi đơn vị được nhắc một lần mỗi '
           'ngày.',
        en='These units were already reminded of this report today; each unit is reminded at most '
           'once a day.'),
    'bad_request': Said(
        vi='Máy chủ không xử lý được yêu cầu này. Tải lại trang rồi thử lại.',
        en='The server could not process this request. Reload the page and try again.'),
    'catalogue_not_owner': Said(
        vi='Chỉ quản trị viên toàn quốc mới sửa được danh mục dùng chung; chỉ số, mẫu báo cáo của một'
           ' đơn vị do quản trị viên của đơn vị đó sửa.',
        en="Only the whole country's administrators change the shared catalogue; a unit's own "
           "indicators and forms are changed by that unit's administrators."),
    'client_id_taken': Said(
        vi='Mã ứng dụng này đã được dùng. Hãy chọn mã khác.',
        en='This client id is taken. Choose another one.'),
    'compiled_data_values': Said(
        vi='Số liệu của báo cáo tổng hợp lấy từ báo cáo của cấp dưới, không nhập trực tiếp; chỉ phần '
           'thuyết minh được sửa.',
        en="A compiled report's figures come from the reports of the units below and are not typed "
           'in; only its text can be edited.'),
    'conflict': Said(
        vi='Thao tác không thực hiện được vì không phù hợp với dữ liệu hiện có. Tải lại trang để xem '
           'dữ liệu mới nhất rồi thử lại.',
        en='This could not be done because it does not fit the current data. Reload the page to see '
           'the latest data and try again.'),
    'data_value_conflict': Said(
        vi='Có số liệu đã được một báo cáo khác ghi cho cùng đơn vị và kỳ báo cáo; chưa có gì được '
           'lưu. Hãy bỏ số liệu trùng hoặc sửa ở báo cáo kia.',
        en='Some figures are already recorded for this unit and period by another report; nothing was'
           ' saved. Remove the duplicated figures or correct them in that report.'),
    'database_busy': Said(
        vi='Cơ sở dữ liệu đang bận ghi dữ liệu khác; chưa có gì được lưu. Hãy thử lại sau vài giây.',
        en='The database is busy with other writes; nothing was saved. Try again in a few seconds.'),
    'database_unavailable': Said(
        vi='Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Hãy thử lại sau ít phút.',
        en='The system cannot reach its database right now. Try again in a few minutes.'),
    'document_locked': Said(
        vi='Người ký và nơi nhận chỉ sửa được khi báo cáo còn là bản nháp hoặc bị trả lại.',
        en='The signer and recipients change only while the report is a draft or returned.'),
    'file_too_large': Said(
        vi='Tệp vượt quá dung lượng cho phép. Hãy nén hoặc tách tệp rồi tải lên lại.',
        en='The file is larger than allowed. Compress or split it and upload it again.'),
    'file_type_refused': Said(
        vi='Tệp không được chấp nhận: tệp rỗng, không thuộc loại cho phép hoặc nội dung không khớp '
           'với đuôi tệp. Chỉ nhận PDF, Word, Excel, ODT hoặc ảnh JPG, PNG.',
        en='The file was refused: it is empty, of a type not allowed, or its content does not match '
           'its extension. Only PDF, Word, Excel, ODT, or JPG and PNG images are accepted.'),
    'forbidden': Said(
        vi='Tài khoản của bạn không có quyền thực hiện thao tác này.',
        en='Your account may not do this.'),
    'form_not_for_unit': Said(
        vi='Đơn vị này không phải nộp mẫu báo cáo đã chọn. Hãy chọn mẫu báo cáo khác.',
        en='This unit does not report the chosen form. Choose another form.'),
    'http_error': Said(
        vi='Máy chủ từ chối yêu cầu. Tải lại trang rồi thử lại.',
        en='The server refused the request. Reload the page and try again.'),
    'idempotency_key_reused': Said(
        vi='Yêu cầu gửi lại không khớp với lần gửi trước nên không được thực hiện. Tải lại trang rồi '
           'thử lại.',
        en='A repeated request did not match the first one, so it was not carried out. Reload the '
           'page and try again.'),
    'identity_provider_unavailable': Said(
        vi='Tạm thời không kết nối được hệ thống xác thực tập trung để kiểm tra đăng nhập. Hãy thử '
           'lại sau ít phút.',
        en='The single sign-on service cannot be reached to check the sign-in. Try again in a few '
           'minutes.'),
    'import_rejected': Said(
        vi='Có dòng bị từ chối nên chưa có số liệu nào được ghi. Hãy sửa các dòng được liệt kê rồi '
           'nhập lại.',
        en='Some rows were refused, so no figures were written. Fix the rows listed and import again.'),
    'indicator_code_taken': Said(
        vi='Mã chỉ số này đã được dùng. Hãy chọn mã khác.',
        en='This indicator code is already used. Choose another code.'),
    'indicator_in_use': Said(
        vi='Chỉ số đã có số liệu báo cáo nên không đổi được loại giá trị. Hãy tạo chỉ số mới.',
        en='Figures were reported with this indicator, so its value type is fixed. Create a new '
           'indicator instead.'),
    'indicator_invalid': Said(
        vi='Loại giá trị và cách tổng hợp của chỉ số không khớp nhau: chỉ chỉ số Có/Không mới tổng '
           'hợp bằng “Đếm số Có”, và điều kiện tử số không lớn hơn mẫu số chỉ dùng cho chỉ số tỷ lệ.',
        en='The value type and the aggregation of the indicator do not fit: only Yes/No indicators '
           'aggregate as “Count of Yes”, and “numerator at most the denominator” applies to ratio '
           'indicators only.'),
    'input_window_closed': Said(
        vi='Chưa đến hoặc đã hết thời gian nhập số liệu của kỳ báo cáo này. Liên hệ cấp trên nếu cần '
           'nhập thêm.',
        en='Input for this reporting period is not open yet or already closed. Contact the level '
           'above if figures still need to be entered.'),
    'insufficient_scope': Said(
        vi='Mã truy cập API hoặc ứng dụng kết nối không được cấp phạm vi quyền cần cho thao tác này.',
        en='The API token or API client was not granted the scope this action needs.'),
    'internal_error': Said(
        vi='Hệ thống gặp lỗi ngoài dự kiến; chưa có gì được lưu. Hãy thử lại, nếu vẫn lỗi thì báo '
           'quản trị viên.',
        en='Something went wrong on the server; nothing was saved. Try again, and tell an '
           'administrator if it keeps happening.'),
    'invalid_client': Said(
        vi='Mã ứng dụng hoặc khóa bí mật của ứng dụng kết nối không đúng.',
        en='Unknown client id or wrong client secret.'),
    'invalid_credentials': Said(
        vi='Tên đăng nhập hoặc mật khẩu không đúng.',
        en='Wrong username or password.'),
    'invalid_grant': Said(
        vi='Phiên đăng nhập đã hết hạn hoặc tài khoản không còn hoạt động. Hãy đăng nhập lại.',
        en='The session has expired or the account is no longer active. Sign in again.'),
    'invalid_json': Said(
        vi='Dữ liệu gửi lên máy chủ bị sai định dạng. Tải lại trang rồi thử lại.',
        en='The data sent to the server is malformed. Reload the page and try again.'),
    'invalid_token': Said(
        vi='Phiên đăng nhập hoặc mã truy cập API không còn hiệu lực. Hãy đăng nhập lại.',
        en='The session or API token is no longer valid. Sign in again.'),
    'invalid_transition': Said(
        vi='Trạng thái hiện tại của báo cáo không cho phép thao tác này; có thể người khác vừa xử lý '
           'báo cáo. Tải lại trang để xem trạng thái mới nhất.',
        en='The report’s current status does not allow this; someone may have just acted on it. '
           'Reload the page to see its latest status.'),
    'invalid_workbook': Said(
        vi='Tệp không phải tệp Excel (.xlsx) theo mẫu của hệ thống. Hãy tải mẫu Excel rồi điền số '
           'liệu vào đó.',
        en='The file is not an Excel workbook (.xlsx) made from the system’s template. Download the '
           'template and fill in the figures there.'),
    'method_not_allowed': Said(
        vi='Địa chỉ này không hỗ trợ thao tác đã yêu cầu. Tải lại trang rồi thử lại.',
        en='This address does not support the requested action. Reload the page and try again.'),
    'not_acceptable': Said(
        vi='Máy chủ không trả được dữ liệu theo định dạng đã yêu cầu.',
        en='The server cannot answer in the requested format.'),
    'not_found': Said(
        vi='Không tìm thấy dữ liệu, hoặc bạn không có quyền xem. Có thể dữ liệu đã bị xóa; hãy tải '
           'lại trang.',
        en='Not found, or you may not see it. It may have been deleted; reload the page.'),
    'nothing_to_compile': Said(
        vi='Chưa có gì để tổng hợp: không đơn vị cấp dưới nào phải báo cáo các chỉ số của mẫu này '
           'trong kỳ đã chọn. Hãy chọn mẫu, đơn vị hoặc kỳ khác.',
        en='Nothing to compile: no unit below reports the indicators of this form for the chosen '
           'period. Choose another form, unit or period.'),
    'org_unit_accounts_choice_needed': Said(
        vi='Đơn vị ngừng hoạt động còn tài khoản đang dùng: hãy chọn chuyển tài khoản sang đơn vị kế '
           'thừa (move) hoặc khóa (disable) ở cột accounts.',
        en='The unit closing still has active accounts: choose to move them to the successor (move) '
           'or disable them (disable) in the accounts column.'),
    'org_unit_code_taken': Said(
        vi='Mã đơn vị này đã được dùng; mã đơn vị không bao giờ được dùng lại. Hãy chọn mã khác.',
        en='This unit code is already used; unit codes are never reused. Choose another code.'),
    'org_unit_has_children': Said(
        vi='Đơn vị vẫn còn đơn vị trực thuộc đang hoạt động. Hãy chuyển hoặc cho ngừng hoạt động các '
           'đơn vị đó trước.',
        en='The unit still has open units under it. Move or close those units first.'),
    'org_unit_invalid_closure': Said(
        vi='Không ghi nhận được việc ngừng hoạt động: ngày ngừng phải sau ngày thành lập, đơn vị chưa'
           ' ngừng trước đó, và đơn vị tiếp nhận phải là đơn vị khác còn hoạt động vào ngày ngừng.',
        en='The closure cannot be recorded: a unit closes after the day it was created and only once,'
           ' and each successor must be another unit open on the closing day.'),
    'org_unit_invalid_move': Said(
        vi='Đơn vị cấp trên đã chọn không hợp lệ: không được là chính đơn vị này hay đơn vị trực '
           'thuộc nó, và phải đang hoạt động vào ngày áp dụng.',
        en='The chosen parent unit is not valid: it cannot be the unit itself or a unit under it, and'
           ' it must be open on the date given.'),
    'org_unit_invalid_rename': Said(
        vi='Ngày đổi tên phải sau lần đổi tên trước của đơn vị và trước ngày đơn vị ngừng hoạt động.',
        en="A renaming must fall after the unit's previous renaming and before the unit closes."),
    'org_unit_invalid_shares': Said(
        vi='Tỷ lệ chia tách chưa hợp lệ: cần từ hai đơn vị kế thừa, mỗi đơn vị một tỷ lệ lớn hơn 0, '
           'nhỏ hơn 1 và tổng bằng 1.',
        en='The shares of the split are invalid: two successors or more, each with a share between 0 '
           'and 1, summing to 1.'),
    'org_unit_unknown_code': Said(
        vi='Không có đơn vị nào mang mã này. Hãy kiểm tra lại mã đơn vị.',
        en='No unit has this code. Check the unit codes.'),
    'outlier_not_flagged': Said(
        vi='Số liệu này không còn bị đánh dấu khác thường; hãy tải lại báo cáo.',
        en='This figure is no longer flagged as unusual; reload the report.'),
    'payload_too_large': Said(
        vi='Dữ liệu hoặc tệp gửi lên vượt quá dung lượng cho phép. Hãy chia nhỏ rồi gửi lại.',
        en='The data or file sent is larger than allowed. Split it into smaller parts and send it '
           'again.'),
    'pdf_converter_unavailable': Said(
        vi='Máy chủ tạm thời không tạo được tệp PDF. Hãy tải bản Word hoặc thử lại sau ít phút.',
        en='The server cannot make PDF files right now. Download the Word file or try again in a few '
           'minutes.'),
    'pdf_not_signed': Said(
        vi='Tệp PDF chưa có chữ ký số. Hãy ký số văn bản rồi tải lên tệp đã ký.',
        en='The PDF carries no digital signature. Sign the document, then upload the signed file.'),
    'pdf_unreadable': Said(
        vi='Không đọc được tệp PDF. Hãy tải lên đúng tệp PDF đã ký số.',
        en='The PDF cannot be read. Upload the signed PDF itself.'),
    'plan_file_corrupt': Said(
        vi='Tệp bị hỏng, không đọc được. Hãy mở bằng Word hoặc trình đọc PDF, lưu lại rồi tải lên.',
        en='The file is damaged and cannot be read. Open it in Word or a PDF reader, save it again '
           'and upload it.'),
    'plan_file_empty': Said(
        vi='Tệp không có nội dung. Hãy chọn đúng tệp kế hoạch.',
        en='The file is empty. Choose the plan file.'),
    'plan_file_encoding': Said(
        vi='Tệp văn bản không ở bảng mã UTF-8. Hãy lưu lại với bảng mã UTF-8 rồi tải lên.',
        en='The text file is not UTF-8. Save it again as UTF-8 and upload it.'),
    'plan_file_encrypted': Said(
        vi='Tệp PDF có mật khẩu. Hãy gửi bản không đặt mật khẩu.',
        en='The PDF is protected by a password. Send it without one.'),
    'plan_file_too_large': Said(
        vi='Tệp kế hoạch vượt quá 20 MB. Hãy bỏ bớt hình ảnh hoặc tách phụ lục rồi tải lên lại.',
        en='The plan file is over 20 MB. Remove pictures or split off the annexes and upload it '
           'again.'),
    'plan_file_type_refused': Said(
        vi='Chỉ đọc được tệp Word (.docx), PDF và văn bản (.txt). Tệp .doc cũ hoặc có mật khẩu: mở '
           'bằng Word rồi lưu thành .docx không mật khẩu.',
        en='Only Word (.docx), PDF and text (.txt) files are read. An old .doc or a password-'
           'protected file: open it in Word and save it as .docx without a password.'),
    'plan_file_without_text': Said(
        vi='Tệp PDF là bản chụp (không có lớp chữ). Hãy nhận dạng chữ (OCR) trước, hoặc tải lên tệp '
           'Word.',
        en='The PDF is a scan without a text layer. Run text recognition (OCR) first, or upload the '
           'Word file.'),
    'plan_invalid_transition': Said(
        vi='Trạng thái hiện tại của kế hoạch không cho phép thao tác này (chỉ kế hoạch đã ban hành '
           'mới điều chỉnh hoặc kết thúc được). Tải lại trang để xem trạng thái mới nhất.',
        en='The plan’s current status does not allow this (only an issued plan is amended or closed).'
           ' Reload the page to see its latest status.'),
    'plan_issue_date_in_future': Said(
        vi='Ngày ban hành của kế hoạch là một ngày sau hôm nay: chỉ ban hành khi văn bản đã được ký '
           '(sửa ngày ở Sửa thông tin nếu nhập nhầm).',
        en='The plan is dated after today: issue it once it is signed (or correct the date in Edit '
           'details).'),
    'plan_issue_date_missing': Said(
        vi='Kế hoạch chưa có ngày ban hành: nhập ngày ký (Sửa thông tin) rồi ban hành.',
        en='The plan has no issue date yet: give the day it was signed (Edit details), then issue it.'),
    'plan_mapping_invalid': Said(
        vi='Có đơn vị được chọn không phải cơ quan ban hành hoặc đơn vị trực thuộc. Hãy chọn lại đơn '
           'vị.',
        en='Some chosen units are neither the issuer nor under it. Choose the units again.'),
    'plan_not_editable': Said(
        vi='Kế hoạch đã ban hành chỉ thay đổi được qua điều chỉnh có lý do; kế hoạch đã kết thúc thì '
           'không thay đổi được nữa.',
        en='An issued plan changes only through an amendment with a reason; a closed plan no longer '
           'changes.'),
    'plan_number_missing': Said(
        vi='Kế hoạch chưa có số văn bản: nhập số và ngày ban hành (Sửa thông tin) rồi ban hành.',
        en='The plan has no number yet: give it its number and issue date (Edit details), then issue '
           'it.'),
    'plan_text_invalid': Said(
        vi='Không đọc được văn bản kế hoạch. Hãy dán toàn văn kế hoạch rồi thử lại.',
        en='The plan text cannot be read. Paste the whole text of the plan and try again.'),
    'rate_limited': Said(
        vi='Có quá nhiều yêu cầu trong một phút. Hãy đợi giây lát rồi thử lại.',
        en='Too many requests in a minute. Wait a moment and try again.'),
    'reorganisation_invalid_event': Said(
        vi='Dòng sắp xếp chưa hợp lệ: thiếu hoặc sai cột (loại sự kiện, ngày, mã, tên, loại đơn vị). '
           'Hãy đối chiếu với định dạng CSV.',
        en='The reorganisation row is invalid: a column (event, date, codes, names, kind) is missing '
           'or wrong. Compare it with the CSV format.'),
    'reporting_form_code_taken': Said(
        vi='Mã mẫu báo cáo này đã được dùng. Hãy chọn mã khác.',
        en='This form code is already used. Choose another code.'),
    'reporting_form_invalid': Said(
        vi='Mẫu báo cáo hoặc kỳ báo cáo chưa hợp lệ: kỳ phải đúng loại kỳ của mẫu, chỉ số phải có '
           'trong danh mục và không lặp lại. Hãy kiểm tra và sửa lại.',
        en='The form or the reporting period is not valid: the period must be of the form’s period '
           'type, and its indicators must exist and not repeat. Check and correct it.'),
    'section_number_taken': Said(
        vi='Kế hoạch đã có mục mang ký hiệu này ở vị trí đó. Hãy đổi ký hiệu mục.',
        en='The plan already has a section with this label there. Change the section label.'),
    'signature_broken': Said(
        vi='Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng. Hãy ký lại văn'
           ' bản.',
        en='The digital signature is not valid: the file was changed after signing or the signature '
           'is damaged. Sign the document again.'),
    'signature_not_covering': Said(
        vi='Tệp đã được thêm hoặc sửa nội dung sau khi ký số nên chữ ký không còn bao trùm toàn bộ '
           'văn bản. Hãy ký lại văn bản gốc.',
        en='Content was added or changed after the signature, so it no longer covers the whole '
           'document. Sign the original document again.'),
    'signed_copy_mismatch': Said(
        vi='Tệp đã ký không phải văn bản của báo cáo này (số, ngày, cơ quan ban hành hoặc trích yếu '
           'khác). Hãy ký đúng tệp PDF của báo cáo này.',
        en="The signed file is not this report's document (number, date, issuing body or summary "
           "differ). Sign this report's PDF."),
    'signed_copy_outdated': Said(
        vi='Tệp được ký trước lần duyệt gần nhất của báo cáo, tức là văn bản cũ. Hãy ký văn bản hiện '
           'tại của báo cáo.',
        en="The file was signed before the report's last approval: it is the old document. Sign the "
           "report's current document."),
    'spa_not_built': Said(
        vi='Giao diện web chưa được cài đặt trên máy chủ. Hãy báo quản trị viên.',
        en='The web app is not installed on the server. Tell an administrator.'),
    'stale_version': Said(
        vi='Người khác đã lưu báo cáo này trước bạn; thay đổi của bạn chưa được lưu. Hãy tải lại để '
           'xem phiên bản mới nhất rồi nhập lại thay đổi.',
        en='Someone else saved this report first; your changes were not saved. Reload to see the '
           'latest version, then apply your changes again.'),
    'submission_exists': Said(
        vi='Đơn vị đã có báo cáo theo mẫu này cho kỳ báo cáo này. Hãy mở báo cáo đó thay vì lập mới.',
        en='The unit already has a report on this form for this period. Open that report instead of '
           'starting a new one.'),
    'submission_invalid': Said(
        vi='Báo cáo chưa hợp lệ: còn số liệu hoặc thuyết minh bắt buộc chưa nhập hoặc chưa đúng. Hãy '
           'sửa các ô được đánh dấu.',
        en='The report is not valid yet: required figures or narrative are missing or wrong. Correct '
           'the marked cells.'),
    'submission_locked': Said(
        vi='Báo cáo đã được duyệt nên số liệu đã khóa; chỉ sửa được khi cấp trên mở lại báo cáo.',
        en='The report is approved and its figures are locked until the level above reopens it.'),
    'submission_not_approved': Said(
        vi='Chỉ báo cáo đã được duyệt mới thực hiện được thao tác này.',
        en='Only an approved report allows this.'),
    'submission_under_review': Said(
        vi='Báo cáo đã nộp và đang chờ duyệt; chỉ sửa được khi bị trả lại.',
        en='The report is submitted and under review; it can be edited again once it is returned.'),
    'too_many_requests': Said(
        vi='Có quá nhiều yêu cầu cùng lúc. Hãy đợi giây lát rồi thử lại.',
        en='Too many requests at once. Wait a moment and try again.'),
    'unauthorized': Said(
        vi='Bạn cần đăng nhập để thực hiện thao tác này. Hãy đăng nhập lại.',
        en='You need to sign in for this. Sign in again.'),
    'unit_not_in_period': Said(
        vi='Đơn vị không còn (hoặc chưa) tồn tại vào cuối kỳ báo cáo này: báo cáo của kỳ do đơn vị '
           'tồn tại lúc đó thực hiện (đơn vị kế thừa sau sáp nhập, chia tách, hoặc các đơn vị trước '
           'đó).',
        en='The unit did not exist at the end of this period (closed, or not yet made): the units '
           'that existed then report it.'),
    'unsupported_media_type': Said(
        vi='Máy chủ không nhận loại dữ liệu hoặc tệp này. Hãy kiểm tra loại tệp rồi thử lại.',
        en='The server does not accept this kind of data or file. Check the file type and try again.'),
    'user_unit_invalid': Said(
        vi='Đơn vị của người dùng chưa hợp lệ: hãy chọn một đơn vị trong phạm vi bạn quản trị; chỉ '
           'quản trị viên toàn hệ thống mới được để trống đơn vị.',
        en='The user’s unit is not valid: choose a unit within what you administer; only a country-'
           'wide administrator may have no unit.'),
    'username_taken': Said(
        vi='Tên đăng nhập này đã được dùng. Hãy chọn tên khác.',
        en='This username is taken. Choose another one.'),
    'validation_failed': Said(
        vi='Một số thông tin nhập chưa hợp lệ. Hãy kiểm tra và sửa lại.',
        en='Some fields are not valid. Check them and correct them.'),
    'webhook_delivery_delivered': Said(
        vi='Lần gửi này đã thành công, không cần gửi lại.',
        en='This delivery already succeeded; there is nothing to send again.'),
    'webhook_paused': Said(
        vi='Webhook hoặc ứng dụng kết nối của nó đang tạm dừng. Hãy kích hoạt lại trước khi gửi lại.',
        en='The webhook or its API client is paused. Activate it again before resending.'),
    'webhook_unit_outside_client': Said(
        vi='Đơn vị đã chọn nằm ngoài phạm vi dữ liệu mà ứng dụng kết nối được xem. Hãy chọn đơn vị '
           'của ứng dụng hoặc đơn vị trực thuộc.',
        en='The chosen unit is outside what the API client may read. Choose the client’s unit or a '
           'unit under it.'),
    'webhook_url_refused': Said(
        vi='QCDC không gửi webhook tới địa chỉ này: địa chỉ nội bộ (máy chủ, mạng riêng) chỉ được '
           'dùng khi quản trị hệ thống cho phép; khi vận hành chính thức chỉ gửi qua https.',
        en='QCDC does not send webhooks to that address: internal addresses (this server, private '
           'networks) only when the operator allows them, and only https in production.'),
    'workbook_too_large': Said(
        vi='Tệp Excel khi giải nén vượt quá dung lượng cho phép. Hãy tách tệp thành nhiều tệp nhỏ '
           'hơn.',
        en='The Excel file unpacks to more than allowed. Split it into smaller files.'),
}

# The validator's errors, by their `type`, with the limits of their `ctx`: what a field error says
# when the server's own check did not say it in both languages.
FIELD_MESSAGES: dict[str, Said] = {
    "missing": Said(vi="Bắt buộc nhập.", en="Required."),
    "string_too_short": Said(vi="Cần ít nhất {min_length} ký tự.",
                             en="At least {min_length} characters."),
    "string_too_long": Said(vi="Tối đa {max_length} ký tự.", en="At most {max_length} characters."),
    "too_short": Said(vi="Cần ít nhất {min_length} mục.", en="At least {min_length} items."),
    "too_long": Said(vi="Tối đa {max_length} mục.", en="At most {max_length} items."),
    "greater_than": Said(vi="Phải lớn hơn {gt}.", en="Must be greater than {gt}."),
    "greater_than_equal": Said(vi="Phải lớn hơn hoặc bằng {ge}.", en="Must be at least {ge}."),
    "less_than": Said(vi="Phải nhỏ hơn {lt}.", en="Must be less than {lt}."),
    "less_than_equal": Said(vi="Phải nhỏ hơn hoặc bằng {le}.", en="Must be at most {le}."),
    "int_parsing": Said(vi="Phải là số nguyên.", en="Must be a whole number."),
    "int_type": Said(vi="Phải là số nguyên.", en="Must be a whole number."),
    "int_from_float": Said(vi="Phải là số nguyên.", en="Must be a whole number."),
    "float_parsing": Said(vi="Phải là số.", en="Must be a number."),
    "float_type": Said(vi="Phải là số.", en="Must be a number."),
    "decimal_parsing": Said(vi="Phải là số.", en="Must be a number."),
    "bool_parsing": Said(vi="Phải là có hoặc không.", en="Must be yes or no."),
    "bool_type": Said(vi="Phải là có hoặc không.", en="Must be yes or no."),
    "date_parsing": Said(vi="Phải là ngày dạng YYYY-MM-DD.", en="Must be a date, YYYY-MM-DD."),
    "date_from_datetime_parsing": Said(vi="Phải là ngày dạng YYYY-MM-DD.",
                                       en="Must be a date, YYYY-MM-DD."),
    "datetime_parsing": Said(vi="Phải là thời điểm theo ISO 8601.",
                             en="Must be an ISO 8601 date and time."),
    "string_type": Said(vi="Phải là văn bản.", en="Must be text."),
    "string_pattern_mismatch": Said(vi="Không đúng định dạng.", en="Not in the expected form."),
    "enum": Said(vi="Phải là một trong: {expected}.", en="Must be one of: {expected}."),
    "literal_error": Said(vi="Phải là một trong: {expected}.", en="Must be one of: {expected}."),
    "extra_forbidden": Said(vi="Trường này không có trong yêu cầu.", en="Not a field of this request."),
    "list_type": Said(vi="Phải là danh sách.", en="Must be a list."),
    "dict_type": Said(vi="Phải là đối tượng.", en="Must be an object."),
    "model_type": Said(vi="Phải là đối tượng.", en="Must be an object."),
    "url_parsing": Said(vi="Không phải địa chỉ hợp lệ.", en="Not a valid address."),
    "url_scheme": Said(vi="Không phải địa chỉ hợp lệ.", en="Not a valid address."),
    "value_error": Said(vi="Giá trị không hợp lệ.", en="Invalid value."),
}


def render() -> str:
    """The file the web app reads: {code: {vi, en}}."""
    return json.dumps({code: asdict(said) for code, said in sorted(MESSAGES.items())},
                      indent=2, ensure_ascii=False) + "\n"
