"""Reference data of the app: processing purposes, the first notice text and the
retention rules. The data migration loads them through `load_reference`; a later
change is a new migration (a new notice is a new version, never an edit)."""

from __future__ import annotations

import datetime
from typing import Any

PURPOSES: list[dict[str, Any]] = [
    {
        "code": "registry",
        "order": 10,
        "basis": "public_task",
        "name_vi": "Quản lý cơ sở dữ liệu nhân tài theo kế hoạch của Thành phố",
        "name_en": "Keeping the talent registry under the city's plans",
        "description_vi": (
            "Lập, cập nhật và thống kê hồ sơ trí thức, chuyên gia, nhà khoa học, nguồn nhân "
            "lực chất lượng cao để thực hiện và báo cáo các kế hoạch, chỉ tiêu của Thành phố."
        ),
        "description_en": (
            "Keeping and counting the profiles of intellectuals, experts, scientists and "
            "high-quality human resources to carry out and report on the city's plans."
        ),
        "legal_reference": "Luật 91/2025/QH15 (xử lý không cần sự đồng ý: thực hiện nhiệm vụ "
        "của cơ quan nhà nước theo quy định của pháp luật); kế hoạch của UBND Thành phố",
        "data_categories": "Định danh, liên hệ, trình độ, công tác, kết quả, trạng thái",
        "recipients": "Cán bộ đơn vị quản lý hồ sơ, Sở KH&CN, lãnh đạo (chỉ số liệu tổng hợp)",
    },
    {
        "code": "public_profile",
        "order": 20,
        "basis": "consent",
        "name_vi": "Công bố hồ sơ chuyên gia công khai",
        "name_en": "Publishing a public expert profile",
        "description_vi": (
            "Công bố họ tên, lĩnh vực, học hàm, học vị, công trình và thành tích trên "
            "danh bạ chuyên gia công khai của Thành phố."
        ),
        "description_en": (
            "Publishing the name, fields, titles, degrees, works and awards in the city's "
            "public directory of experts."
        ),
        "legal_reference": "Luật 91/2025/QH15 (sự đồng ý của chủ thể dữ liệu)",
        "data_categories": "Họ tên, lĩnh vực, học hàm, học vị, công trình, giải thưởng",
        "recipients": "Công chúng",
    },
    {
        "code": "opportunities",
        "order": 30,
        "basis": "consent",
        "name_vi": "Liên hệ mời tham gia cơ hội, chương trình, nhiệm vụ",
        "name_en": "Contacting about opportunities, programmes and tasks",
        "description_vi": (
            "Dùng thư điện tử, số điện thoại để mời tham gia hội đồng, nhiệm vụ khoa học, "
            "chương trình thu hút nhân tài của Thành phố."
        ),
        "description_en": (
            "Using the e-mail address and phone number to invite the person to councils, "
            "S&T tasks and the city's talent programmes."
        ),
        "legal_reference": "Luật 91/2025/QH15 (sự đồng ý của chủ thể dữ liệu)",
        "data_categories": "Thư điện tử, số điện thoại, lĩnh vực chuyên môn",
        "recipients": "Sở KH&CN, đơn vị tổ chức chương trình",
    },
    {
        "code": "national_database",
        "order": 40,
        "basis": "legal_obligation",
        "name_vi": "Chia sẻ với cơ sở dữ liệu quốc gia về đội ngũ trí thức, KH&CN",
        "name_en": "Sharing with the national intellectual and S&T database",
        "description_vi": (
            "Cập nhật, kết nối, chia sẻ dữ liệu cán bộ nghiên cứu với Hệ thống thông tin "
            "quốc gia về khoa học, công nghệ và đổi mới sáng tạo."
        ),
        "description_en": (
            "Updating, connecting and sharing researcher data with the national science, "
            "technology and innovation information system."
        ),
        "legal_reference": "Thông tư 22/2025/TT-BKHCN; Luật 91/2025/QH15 (theo quy định của luật)",
        "data_categories": "Định danh, trình độ, lĩnh vực, công tác, kết quả nghiên cứu",
        "recipients": "Bộ Khoa học và Công nghệ",
    },
]

# Added with self-registration (issue 19): a third purpose resting on consent.
PURPOSE_NEWS: dict[str, Any] = {
    "code": "news_events",
    "order": 35,
    "basis": "consent",
    "name_vi": "Gửi bản tin, thư mời sự kiện, hội thảo",
    "name_en": "Sending news and invitations to events and workshops",
    "description_vi": (
        "Dùng thư điện tử để gửi bản tin về chính sách thu hút nhân tài và thư mời tham dự "
        "sự kiện, hội thảo khoa học của Thành phố."
    ),
    "description_en": (
        "Using the e-mail address to send news about the city's talent policies and "
        "invitations to its events and scientific workshops."
    ),
    "legal_reference": "Luật 91/2025/QH15 (sự đồng ý của chủ thể dữ liệu)",
    "data_categories": "Họ tên, thư điện tử, lĩnh vực chuyên môn",
    "recipients": "Sở KH&CN",
}

NOTICE_V1: dict[str, Any] = {
    "version": "1.0",
    "effective_from": datetime.date(2026, 1, 1),
    "title_vi": "Thông báo xử lý dữ liệu cá nhân của Cơ sở dữ liệu nhân tài Đồng Nai",
    "title_en": "Notice on the processing of personal data by the Đồng Nai talent registry",
    "body_vi": (
        "Sở Khoa học và Công nghệ Thành phố Đồng Nai là bên kiểm soát dữ liệu cá nhân của "
        "cơ sở dữ liệu nhân tài. Thông báo này được lập theo Luật Bảo vệ dữ liệu cá nhân số "
        "91/2025/QH15 và Nghị định 356/2025/NĐ-CP.\n\n"
        "Dữ liệu được lưu: họ tên, ngày sinh, giới tính, quốc tịch, số định danh cá nhân, "
        "địa chỉ, thư điện tử, số điện thoại, trình độ, học hàm, ngoại ngữ, quá trình công "
        "tác, công trình, sáng chế, nhiệm vụ KH&CN, giải thưởng, đào tạo, kết quả đánh giá "
        "kỹ năng, trạng thái và lịch sử thay đổi hồ sơ. Dân tộc là dữ liệu cá nhân nhạy cảm.\n\n"
        "Mục đích, cơ sở pháp lý, thời hạn lưu trữ và người được xem dữ liệu được nêu trong "
        "các bảng dưới đây. Các mục đích dựa trên sự đồng ý chỉ được thực hiện khi Quý vị "
        "đồng ý; Quý vị có thể rút lại sự đồng ý bất cứ lúc nào.\n\n"
        "Quý vị có quyền được biết, đồng ý hoặc không đồng ý, rút lại sự đồng ý, xem và nhận "
        "bản sao dữ liệu, yêu cầu chỉnh sửa, xóa, hạn chế xử lý, phản đối xử lý, khiếu nại, "
        "tố cáo và yêu cầu bồi thường theo quy định của pháp luật. Yêu cầu được gửi trực "
        "tiếp, qua bưu điện hoặc thư điện tử tới Sở Khoa học và Công nghệ hoặc đơn vị quản "
        "lý hồ sơ; chúng tôi phản hồi trong 2 ngày làm việc và thực hiện trong thời hạn "
        "luật định."
    ),
    "body_en": (
        "The Department of Science and Technology of Đồng Nai City controls the personal "
        "data of the talent registry. This notice follows the Law on Personal Data "
        "Protection No. 91/2025/QH15 and Decree 356/2025/NĐ-CP.\n\n"
        "What is kept: name, date of birth, gender, nationality, personal ID number, "
        "address, e-mail, phone, qualifications, academic titles, languages, employment, "
        "publications, patents, S&T tasks, awards, training, skill assessments, status and "
        "the history of changes to the profile. Ethnic origin is sensitive personal data.\n\n"
        "The purposes, their legal basis, how long data is kept and who sees it are in the "
        "tables below. Purposes based on consent are pursued only with your consent, which "
        "you may withdraw at any time.\n\n"
        "You have the right to be informed, to consent or refuse, to withdraw consent, to "
        "see your data and receive a copy, to have it corrected, deleted or its processing "
        "restricted, to object, to complain and to claim damages as the law provides. Send "
        "a request in person, by post or by e-mail to the Department or to the unit that "
        "keeps your profile; we reply within 2 working days and act within the legal limit."
    ),
}

RETENTION_RULES: list[dict[str, Any]] = [
    {
        "code": "profile-left",
        "order": 10,
        "trigger": "left_tracking",
        "period_days": 5 * 365,
        "category_vi": "Hồ sơ người đã rời khỏi diện theo dõi",
        "category_en": "Profiles of people no longer tracked",
        "action_vi": "Ẩn danh hóa (giữ số liệu thống kê)",
        "action_en": "Anonymise (statistics kept)",
        "justification": "Kỳ kế hoạch 5 năm của Thành phố: số liệu phải đối chiếu được đến hết kỳ",
    },
    {
        "code": "profile-deceased",
        "order": 20,
        "trigger": "deceased",
        "period_days": 365,
        "category_vi": "Hồ sơ người đã mất",
        "category_en": "Profiles of deceased people",
        "action_vi": "Ẩn danh hóa (giữ số liệu thống kê)",
        "action_en": "Anonymise (statistics kept)",
        "justification": "Đủ để khép số liệu của năm báo cáo",
    },
    {
        "code": "contacts-left",
        "order": 30,
        "trigger": "contacts_after_leaving",
        "period_days": 365,
        "category_vi": "Thông tin liên hệ của người đã rời khỏi diện theo dõi",
        "category_en": "Contacts of people no longer tracked",
        "action_vi": "Xóa thư điện tử, số điện thoại, địa chỉ",
        "action_en": "Delete e-mail, phone and address",
        "justification": "Không còn mục đích liên hệ sau khi rời diện theo dõi",
    },
    {
        "code": "history",
        "order": 40,
        "trigger": "version_age",
        "period_days": 10 * 365,
        "category_vi": "Lịch sử thay đổi hồ sơ",
        "category_en": "Profile change history",
        "action_vi": "Xóa các phiên bản cũ",
        "action_en": "Delete old versions",
        "justification": "Hai kỳ kế hoạch 5 năm để đối chiếu số liệu quá khứ",
    },
    {
        "code": "requests",
        "order": 50,
        "trigger": "request_closed",
        "period_days": 5 * 365,
        "category_vi": "Hồ sơ yêu cầu của chủ thể dữ liệu",
        "category_en": "Data-subject request records",
        "action_vi": "Xóa",
        "action_en": "Delete",
        "justification": "Chứng minh việc tuân thủ khi có khiếu nại, thanh tra",
    },
    {
        "code": "breaches",
        "order": 60,
        "trigger": "breach_closed",
        "period_days": 5 * 365,
        "category_vi": "Sổ theo dõi vi phạm dữ liệu cá nhân",
        "category_en": "Breach register",
        "action_vi": "Xóa",
        "action_en": "Delete",
        "justification": "Chứng minh việc tuân thủ khi có khiếu nại, thanh tra",
    },
]


def load_reference(purpose_model: Any, notice_model: Any, rule_model: Any) -> None:
    """Create or update the reference rows (models may be historical ones)."""
    for row in PURPOSES:
        purpose_model.objects.update_or_create(code=row["code"], defaults=row)
    notice_model.objects.get_or_create(version=NOTICE_V1["version"], defaults=NOTICE_V1)
    for row in RETENTION_RULES:
        rule_model.objects.update_or_create(code=row["code"], defaults=row)
