# ruff: noqa: E501 — page texts: prose paragraphs, one line each as editors type them
"""The starter pages of the portal (loaded by migration 0002): the city's talent-attraction
policies in Vietnamese, English and Chinese, drawn from the plans implementing Resolution
57-NQ/TW and Plan 20/KH-UBND of 19/01/2026 (seeds 000 and 002), and a first call, contest,
event and news item. Coordinators edit or withdraw them like any page."""

from __future__ import annotations

import datetime
from typing import Any

PUBLISHED = datetime.datetime(2026, 2, 20, 8, 0, tzinfo=datetime.UTC)

PAGES: list[dict[str, Any]] = [
    {
        "kind": "policy",
        "slug": "thu-hut-chuyen-gia-kieu-bao",
        "title_vi": "Chính sách thu hút trí thức, chuyên gia là người Việt Nam ở nước ngoài",
        "summary_vi": "Đồng Nai mời trí thức, chuyên gia kiều bào đóng góp cho khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số của Thành phố.",
        "body_vi": """Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị và Kế hoạch số 20/KH-UBND ngày 19/01/2026 của UBND tỉnh về phát triển, trọng dụng nhân tài, nhân lực chất lượng cao giai đoạn 2026–2030, Thành phố Đồng Nai mời trí thức, chuyên gia, nhà khoa học là người Việt Nam ở nước ngoài tham gia các chương trình, nhiệm vụ của Thành phố.

## Ai có thể tham gia
- Trí thức, chuyên gia, nhà khoa học là người Việt Nam ở nước ngoài, nhất là trong các lĩnh vực công nghệ chiến lược: trí tuệ nhân tạo, bán dẫn, công nghệ sinh học, dữ liệu lớn.
- Doanh nhân, nhà đầu tư kiều bào có nhu cầu chuyển giao công nghệ, hợp tác nghiên cứu với doanh nghiệp, trường đại học, viện nghiên cứu trên địa bàn.

## Thành phố hỗ trợ
- Kết nối với sở, ngành, doanh nghiệp và cơ sở nghiên cứu có nhu cầu chuyên gia; mời tham gia hội đồng tư vấn, nhiệm vụ khoa học và công nghệ.
- Hướng dẫn thủ tục xuất nhập cảnh, cư trú, công nhận văn bằng; một đầu mối tiếp nhận tại Sở Ngoại vụ.
- Thông tin về học bổng, chương trình đào tạo, hội thảo và diễn đàn chuyên gia kiều bào.

## Cách đăng ký
Chuyên gia đăng ký hồ sơ trên Cổng thông tin nhân tài, tự quyết định thông tin nào được công khai và có thể rút lại sự đồng ý bất cứ lúc nào. Đầu mối: Phòng Lãnh sự, Sở Ngoại vụ và Sở Khoa học và Công nghệ Thành phố Đồng Nai.""",
        "title_en": "Attracting overseas Vietnamese experts and scientists",
        "summary_en": "Đồng Nai invites overseas Vietnamese scientists and experts to contribute "
        "to the city's science, technology, innovation and digital transformation.",
        "body_en": """Under Politburo Resolution 57-NQ/TW of 22 December 2024 and Plan 20/KH-UBND of 19 January 2026 on developing and employing talent and high-quality human resources for 2026–2030, Đồng Nai City invites overseas Vietnamese scientists, experts and professionals to take part in the city's programmes and tasks.

## Who can take part
- Overseas Vietnamese scientists, experts and professionals, especially in strategic technologies: artificial intelligence, semiconductors, biotechnology, big data.
- Overseas Vietnamese entrepreneurs and investors interested in technology transfer and joint research with companies, universities and institutes in the city.

## What the city offers
- Introductions to departments, companies and research institutions that need experts; invitations to advisory councils and science and technology tasks.
- Guidance on entry, residence and recognition of degrees, with a single contact point at the Department of Foreign Affairs.
- Information on scholarships, training programmes, conferences and forums for overseas experts.

## How to register
Experts register a profile on the Talent Portal, decide which information is public, and may withdraw their consent at any time. Contact: Consular Division, Department of Foreign Affairs, and Department of Science and Technology of Đồng Nai City.""",
        "title_zh": "吸引海外越南籍知识分子和专家的政策",
        "summary_zh": "同奈市邀请海外越南籍知识分子和专家为本市科学技术、创新和数字化转型作出贡献。",
        "body_zh": """根据越共中央政治局2024年12月22日第57-NQ/TW号决议和2026年1月19日第20/KH-UBND号关于2026—2030年发展和重用人才、高素质人力资源的计划，同奈市诚邀海外越南籍知识分子、专家和科学家参与本市的各项计划和任务。

## 参与对象
- 海外越南籍知识分子、专家和科学家，特别是人工智能、半导体、生物技术、大数据等战略技术领域的人才。
- 有意与本市企业、大学和研究机构开展技术转让和合作研究的海外越南籍企业家和投资者。

## 本市提供的支持
- 与有专家需求的部门、企业和研究机构对接；邀请参加咨询委员会和科技任务。
- 出入境、居留和学历认证手续指导，由外事厅统一受理。
- 提供奖学金、培训项目、研讨会和海外专家论坛的信息。

## 登记方式
专家可在人才门户网站登记个人资料，自主决定公开哪些信息，并可随时撤回同意。联系单位：同奈市外事厅领事处、科学技术厅。""",
    },
    {
        "kind": "policy",
        "slug": "ho-tro-chuyen-gia-nuoc-ngoai",
        "title_vi": "Hỗ trợ thủ tục cho chuyên gia nước ngoài làm việc tại Đồng Nai",
        "summary_vi": "Một đầu mối hướng dẫn thị thực, giấy phép lao động, cư trú cho chuyên "
        "gia quốc tế tham gia các chương trình khoa học và công nghệ.",
        "body_vi": """Sở Ngoại vụ phối hợp với các sở, ngành hỗ trợ chuyên gia nước ngoài đến làm việc, giảng dạy, nghiên cứu tại Đồng Nai trong lĩnh vực khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.

## Nội dung hỗ trợ
- Hướng dẫn hồ sơ thị thực, thẻ tạm trú và giấy phép lao động hoặc xác nhận không thuộc diện cấp giấy phép lao động.
- Giới thiệu cơ quan, doanh nghiệp tiếp nhận; kết nối với cơ quan đại diện ngoại giao và tổ chức quốc tế.
- Thông tin về nhà ở, trường học quốc tế, y tế cho chuyên gia và gia đình.

## Thời gian và đầu mối
Hồ sơ được tiếp nhận thường xuyên. Đầu mối: Phòng Hợp tác quốc tế, Sở Ngoại vụ Thành phố Đồng Nai.""",
        "title_en": "Support with formalities for foreign experts working in Đồng Nai",
        "summary_en": "One contact point for visas, work permits and residence for international "
        "experts in science and technology programmes.",
        "body_en": """The Department of Foreign Affairs works with the city's departments to help foreign experts come to Đồng Nai to work, teach or do research in science, technology, innovation and digital transformation.

## What is offered
- Guidance on visas, temporary residence cards and work permits, or confirmation of exemption from a work permit.
- Introductions to host agencies and companies; contacts with diplomatic missions and international organisations.
- Information on housing, international schools and health care for experts and their families.

## When and whom to contact
Applications are received all year round. Contact: International Cooperation Division, Department of Foreign Affairs of Đồng Nai City.""",
        "title_zh": "为在同奈工作的外国专家提供手续支持",
        "summary_zh": "为参与科技项目的国际专家提供签证、工作许可和居留手续的一站式指导。",
        "body_zh": """外事厅与各部门合作，协助外国专家来同奈从事科学技术、创新和数字化转型领域的工作、教学或研究。

## 支持内容
- 指导办理签证、临时居留卡和工作许可证，或免办工作许可证的确认手续。
- 介绍接收单位和企业；联系外国驻越外交机构和国际组织。
- 提供专家及其家属的住房、国际学校和医疗信息。

## 受理时间和联系单位
全年受理。联系单位：同奈市外事厅国际合作处。""",
    },
    {
        "kind": "policy",
        "slug": "trong-dung-nhan-tai-2026-2030",
        "title_vi": "Phát triển, trọng dụng nhân tài, nhân lực chất lượng cao giai đoạn 2026–2030",
        "summary_vi": "Các mục tiêu và nhiệm vụ của Thành phố về nhân tài cho khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số.",
        "body_vi": """Kế hoạch số 20/KH-UBND ngày 19/01/2026 đặt mục tiêu phát triển, trọng dụng nhân tài, nhân lực chất lượng cao, nhất là cán bộ chuyên gia đầu ngành, phục vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.

## Mục tiêu chính
- Xây dựng và cập nhật cơ sở dữ liệu chuyên gia, nhà khoa học là người Đồng Nai, người Việt Nam ở nước ngoài có trình độ cao trong các lĩnh vực công nghệ chiến lược, kết nối với cơ sở dữ liệu chung.
- Năm 2026: 30% cán bộ, công chức được đào tạo, bồi dưỡng kiến thức về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.
- Đến năm 2030: tối thiểu 25% lãnh đạo cấp phòng trở lên có chuyên môn hoặc am hiểu sâu về khoa học kỹ thuật, công nghệ thông tin, chuyển đổi số.

## Nhiệm vụ trọng tâm
- Thông tin, tuyên truyền chính sách thu hút nhân tài đến bạn bè quốc tế và kiều bào.
- Tìm kiếm học bổng, chương trình đào tạo ở nước ngoài qua cơ quan đại diện ngoại giao và tổ chức quốc tế.
- Kết nối mạng lưới chuyên gia quốc tế và kiều bào với nhu cầu của sở, ngành, doanh nghiệp.""",
        "title_en": "Developing and employing talent and high-quality human resources, 2026–2030",
        "summary_en": "The city's targets and tasks for talent in science, technology, innovation "
        "and digital transformation.",
        "body_en": """Plan 20/KH-UBND of 19 January 2026 sets out to develop and employ talent and high-quality human resources, above all leading experts, for science, technology, innovation and digital transformation.

## Main targets
- Build and keep up to date a database of experts and scientists from Đồng Nai and overseas Vietnamese with high qualifications in strategic technologies, connected to the shared database.
- In 2026: 30% of civil servants trained in science, technology, innovation and digital transformation.
- By 2030: at least 25% of division heads and above with expertise in engineering, information technology or digital transformation.

## Key tasks
- Make the talent-attraction policies known to international partners and overseas Vietnamese.
- Find scholarships and training programmes abroad through diplomatic missions and international organisations.
- Connect the network of international and overseas experts with the needs of departments and companies.""",
        "title_zh": "2026—2030年发展和重用人才、高素质人力资源",
        "summary_zh": "本市在科学技术、创新和数字化转型领域的人才目标与任务。",
        "body_zh": """2026年1月19日第20/KH-UBND号计划提出，发展和重用人才和高素质人力资源，特别是领军专家，服务于科学技术、创新和数字化转型。

## 主要目标
- 建立并更新同奈籍和海外越南籍战略技术领域高层次专家、科学家数据库，并与共享数据库对接。
- 2026年：30%的公务员接受科学技术、创新和数字化转型方面的培训。
- 到2030年：至少25%的处级及以上领导具备工程技术、信息技术或数字化转型方面的专业知识。

## 重点任务
- 向国际伙伴和海外越南人宣传人才吸引政策。
- 通过外交机构和国际组织寻找海外奖学金和培训项目。
- 将国际和海外专家网络与各部门、企业的需求对接。""",
    },
    {
        "kind": "call",
        "slug": "mang-luoi-chuyen-gia-kieu-bao-2026",
        "starts_on": datetime.date(2026, 3, 1),
        "deadline": datetime.date(2026, 12, 31),
        "title_vi": "Kêu gọi chuyên gia tham gia mạng lưới chuyên gia quốc tế và kiều bào 2026",
        "summary_vi": "Đăng ký tham gia mạng lưới tư vấn cho các nhiệm vụ khoa học, công nghệ "
        "và chuyển đổi số của Thành phố.",
        "body_vi": """Sở Ngoại vụ và Sở Khoa học và Công nghệ mời chuyên gia quốc tế và kiều bào đăng ký tham gia mạng lưới chuyên gia của Thành phố.

## Lĩnh vực ưu tiên
- Trí tuệ nhân tạo, dữ liệu lớn, an toàn thông tin.
- Bán dẫn, vi mạch, tự động hóa.
- Công nghệ sinh học, nông nghiệp công nghệ cao.

## Quyền lợi
Chuyên gia được mời tham gia hội đồng tư vấn, phản biện nhiệm vụ khoa học và công nghệ, diễn đàn và hội thảo chuyên đề; được giới thiệu với doanh nghiệp có nhu cầu hợp tác.""",
        "title_en": "Call for experts: the 2026 network of international and overseas experts",
        "summary_en": "Join the advisory network for the city's science, technology and "
        "digital-transformation tasks.",
        "body_en": """The Department of Foreign Affairs and the Department of Science and Technology invite international and overseas Vietnamese experts to join the city's expert network.

## Priority fields
- Artificial intelligence, big data, information security.
- Semiconductors, microchips, automation.
- Biotechnology, high-tech agriculture.

## What members receive
Members are invited to advisory councils, to review science and technology tasks, to forums and thematic workshops, and are introduced to companies looking for partners.""",
    },
    {
        "kind": "call",
        "slug": "hoc-bong-dao-tao-nuoc-ngoai-2026",
        "starts_on": datetime.date(2026, 4, 1),
        "deadline": datetime.date(2026, 9, 30),
        "title_vi": "Học bổng và khóa đào tạo ngắn hạn ở nước ngoài năm 2026",
        "summary_vi": "Danh mục học bổng, khóa bồi dưỡng về khoa học, công nghệ và chuyển đổi "
        "số dành cho cán bộ, công chức của Thành phố.",
        "body_vi": """Phòng Hợp tác quốc tế, Sở Ngoại vụ tổng hợp các chương trình học bổng, khóa đào tạo ngắn hạn và dài hạn tại các quốc gia tiên tiến để cán bộ, công chức của Thành phố đăng ký.

## Điều kiện chung
- Cán bộ, công chức, viên chức đang công tác tại cơ quan, đơn vị của Thành phố.
- Có ngoại ngữ phù hợp với chương trình; được cơ quan cử đi.

## Cách đăng ký
Cơ quan, đơn vị gửi danh sách đề cử về Sở Ngoại vụ trước hạn chót của từng chương trình.""",
        "title_en": "Scholarships and short courses abroad, 2026",
        "summary_en": "Scholarships and training courses in science, technology and digital "
        "transformation for the city's civil servants.",
        "body_en": """The International Cooperation Division of the Department of Foreign Affairs gathers scholarships and short and long training programmes in advanced countries for the city's civil servants.

## General conditions
- Civil servants and public employees working in the city's agencies and units.
- Foreign-language skills suited to the programme; nominated by their agency.

## How to apply
Agencies send their nominations to the Department of Foreign Affairs before each programme's deadline.""",
    },
    {
        "kind": "contest",
        "slug": "giai-thuong-sang-tao-khcn-2026",
        "starts_on": datetime.date(2026, 5, 15),
        "deadline": datetime.date(2026, 10, 15),
        "title_vi": "Giải thưởng Sáng tạo khoa học và công nghệ Đồng Nai năm 2026",
        "summary_vi": "Tôn vinh các giải pháp, sáng kiến khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số có giá trị thực tiễn.",
        "body_vi": """Giải thưởng ghi nhận cá nhân, tập thể có giải pháp khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số được áp dụng hiệu quả trên địa bàn Thành phố.

## Đối tượng
- Nhà khoa học, kỹ sư, giảng viên, sinh viên, doanh nghiệp khởi nghiệp sáng tạo.
- Chuyên gia kiều bào và chuyên gia nước ngoài có giải pháp áp dụng tại Đồng Nai.

## Hồ sơ
Thuyết minh giải pháp, minh chứng kết quả áp dụng và xác nhận của đơn vị áp dụng.""",
        "title_en": "Đồng Nai Science and Technology Innovation Award 2026",
        "summary_en": "Honouring science, technology, innovation and digital-transformation "
        "solutions of practical value.",
        "body_en": """The award recognises people and teams whose science, technology, innovation or digital-transformation solutions are applied effectively in the city.

## Who may enter
- Scientists, engineers, lecturers, students and innovative start-ups.
- Overseas Vietnamese and foreign experts whose solutions are applied in Đồng Nai.

## Entry file
A description of the solution, evidence of its results and a confirmation from the organisation applying it.""",
    },
    {
        "kind": "event",
        "slug": "dien-dan-tri-thuc-kieu-bao-2026",
        "starts_on": datetime.date(2026, 11, 20),
        "title_vi": "Diễn đàn trí thức, chuyên gia kiều bào đóng góp cho Đồng Nai năm 2026",
        "summary_vi": "Gặp gỡ giữa lãnh đạo Thành phố, doanh nghiệp và trí thức kiều bào về "
        "khoa học, công nghệ và đổi mới sáng tạo.",
        "body_vi": """Diễn đàn là dịp để trí thức, chuyên gia kiều bào trao đổi với lãnh đạo Thành phố, sở, ngành và doanh nghiệp về cơ hội hợp tác.

## Nội dung
- Giới thiệu chính sách thu hút nhân tài và nhu cầu chuyên gia của Thành phố.
- Phiên chuyên đề: trí tuệ nhân tạo, bán dẫn, công nghệ sinh học.
- Kết nối trực tiếp giữa chuyên gia và doanh nghiệp.

## Địa điểm
Trung tâm Hội nghị Thành phố Đồng Nai; có hình thức trực tuyến cho chuyên gia ở nước ngoài.""",
        "title_en": "Forum of overseas Vietnamese scientists and experts for Đồng Nai 2026",
        "summary_en": "City leaders, companies and overseas Vietnamese experts meet on science, "
        "technology and innovation.",
        "body_en": """The forum brings overseas Vietnamese scientists and experts together with the city's leaders, departments and companies to discuss cooperation.

## Programme
- The city's talent-attraction policies and its needs for experts.
- Thematic sessions: artificial intelligence, semiconductors, biotechnology.
- Direct meetings between experts and companies.

## Venue
Đồng Nai City Convention Centre, with online participation for experts abroad.""",
    },
    {
        "kind": "news",
        "slug": "trien-khai-ke-hoach-20-kh-ubnd",
        "title_vi": "Các sở, ngành triển khai Kế hoạch số 20/KH-UBND về trọng dụng nhân tài",
        "summary_vi": "Sở Ngoại vụ ban hành kế hoạch triển khai, chú trọng thu hút chuyên gia "
        "kiều bào và chuyên gia quốc tế.",
        "body_vi": """Thực hiện Kế hoạch số 20/KH-UBND và Văn bản số 543/SKHCN-KHCN ngày 22/01/2026 của Sở Khoa học và Công nghệ, Sở Ngoại vụ đã ban hành kế hoạch triển khai tại Sở.

Kế hoạch nhấn mạnh vai trò cầu nối của Sở Ngoại vụ trong thu hút trí thức, chuyên gia là người Việt Nam ở nước ngoài và chuyên gia quốc tế; xây dựng mạng lưới chuyên gia; thúc đẩy hợp tác quốc tế về đào tạo và hỗ trợ thủ tục cho chuyên gia nước ngoài.""",
        "title_en": "Departments put Plan 20/KH-UBND on employing talent into practice",
        "summary_en": "The Department of Foreign Affairs issues its implementation plan, with a "
        "focus on overseas and international experts.",
        "body_en": """Following Plan 20/KH-UBND and letter 543/SKHCN-KHCN of 22 January 2026 from the Department of Science and Technology, the Department of Foreign Affairs has issued its own implementation plan.

The plan stresses the department's role as a bridge to overseas Vietnamese and international experts: building an expert network, promoting international cooperation in training, and helping foreign experts with their formalities.""",
    },
]
