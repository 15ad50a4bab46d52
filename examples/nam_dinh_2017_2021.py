"""The seed report as a dataset: Nam Định provincial police outreach work, 2017–2021.

Source: "Hiệu quả công tác dân vận của lực lượng Công an tỉnh", February 2022
(tests/data/seed/000_768c0945d9ac2b1c.txt in the danvan repository). Every fact the
article states is recorded below, with the article's own wording as the quote.

Reading decisions, each also noted on the record it concerns:

* "Trong 5 năm qua" in an article of February 2022 is 2017–2021 (`Period.past_years`).
* The article gives no period for the blood-donation turns, the 52 models and the
  33 exemplary individuals ("đến nay": to date); they are recorded for the review
  period 2017–2021, with a note.
* The list of surrendered items names grenades twice ("31 lựu đạn", later "1 lựu
  đạn"). Both entries are kept as stated. A list of items handed in does not repeat
  itself, so the entries are separate figures (disaggregations "listed first" and
  "listed again"): grenades total 32. Labelled apart, they are two figures of two
  entries, and validation finds nothing to flag (unlabelled, they would be one figure
  stated twice, differently: `conflicting-observations`).
* The list ends with "…": it is not complete, so totals of surrendered items built from
  it are sums of what is listed (the "of which" breakdown), not the whole.

Run it to print the dataset's contents: ``python examples/nam_dinh_2017_2021.py``.
"""

from __future__ import annotations

import pendulum

import danvan
from danvan import (
    AtLeast,
    Campaign,
    CampaignKind,
    CharityDrive,
    CommunityModel,
    Dataset,
    Document,
    DocumentKind,
    DriveKind,
    LifecycleEvent,
    LifecycleStage,
    ModelCategory,
    Observation,
    Organisation,
    OrganisationKind,
    Period,
    Source,
    SourceKind,
    Target,
    parse_citation,
    parse_quantity,
    parse_ratio,
    seed_gazetteer,
)

SOURCE = "seed-2022-02"
NAM_DINH = "36"
GIAO_THUY = "365"  # the Quất Lâm beach area lies in Giao Thủy district
POLICE = "cat-nam-dinh"
REVIEW = Period.past_years(5, as_of=pendulum.Date(2022, 2, 28))  # "Trong 5 năm qua"
NO_PERIOD_NOTE = "the article states no period; recorded for its review period 2017–2021"

ORGANISATIONS = (
    Organisation(
        id="bca",
        name="Bộ Công an",
        name_en="Ministry of Public Security",
        kind=OrganisationKind.POLICE,
    ),
    Organisation(
        id=POLICE,
        name="Công an tỉnh Nam Định",
        name_en="Nam Định provincial police",
        kind=OrganisationKind.POLICE,
        parent="bca",
        place=NAM_DINH,
    ),
    Organisation(
        id="ban-dan-van-tinh-uy",
        name="Ban Dân vận Tỉnh ủy Nam Định",
        name_en="Provincial Party Mass-Mobilisation Board",
        kind=OrganisationKind.PARTY_BOARD,
        place=NAM_DINH,
    ),
    Organisation(
        id="hoi-phu-nu-cat",
        name="Hội Phụ nữ Công an tỉnh",
        name_en="Women's Union of the provincial police",
        kind=OrganisationKind.MASS_ORGANISATION,
        parent=POLICE,
        place=NAM_DINH,
    ),
    Organisation(
        id="doan-thanh-nien-cat",
        name="Đoàn Thanh niên Công an tỉnh",
        name_en="Youth Union of the provincial police",
        kind=OrganisationKind.MASS_ORGANISATION,
        parent=POLICE,
        place=NAM_DINH,
    ),
    Organisation(
        id="benh-vien-cat",
        name="Bệnh viện Công an tỉnh",
        name_en="Provincial police hospital",
        kind=OrganisationKind.HOSPITAL,
        parent=POLICE,
        place=NAM_DINH,
    ),
    Organisation(
        id="csqlhc",
        name="Cảnh sát quản lý hành chính",
        name_en="Administrative management police",
        kind=OrganisationKind.POLICE,
        parent=POLICE,
        place=NAM_DINH,
    ),
    Organisation(
        id="ca-tp-nam-dinh",
        name="Công an thành phố Nam Định",
        name_en="Nam Định city police",
        kind=OrganisationKind.POLICE,
        parent=POLICE,
        place="356",
    ),
)

DIRECTIVE = parse_citation(
    "Chỉ thị số 09/CT-BCA ngày 1-11-2016 của Bộ Công an về “Tăng cường công tác dân vận "
    "của lực lượng Công an nhân dân trong tình hình mới”"
)
DOCUMENTS = (
    DIRECTIVE,
    Document(
        id="ky-ket-ban-dan-van-cat",
        kind=DocumentKind.AGREEMENT,
        title="Nội dung ký kết giữa Ban Dân vận Tỉnh ủy và Công an tỉnh",
        note="the article gives neither number nor date",
    ),
    Document(
        id="tcvn-iso-9001-2015",
        kind=DocumentKind.OTHER,
        number="ISO-9001:2015",
        issuer="TCVN",
        title="Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015",
    ),
)

CAMPAIGNS = (
    Campaign(
        id="dan-van-cat",
        name="Công tác dân vận của lực lượng Công an tỉnh",
        kind=CampaignKind.PROGRAMME,
        period=Period.open_from(pendulum.Date(2016, 11, 1)),
        legal_basis=(DIRECTIVE.id, "ky-ket-ban-dan-van-cat"),
        organisers=(POLICE,),
        scope=(NAM_DINH,),
    ),
    Campaign(
        id="toan-dan-bv-antq",
        name="Toàn dân bảo vệ an ninh Tổ quốc",
        kind=CampaignKind.MOVEMENT,
        organisers=(POLICE,),
        scope=(NAM_DINH,),
    ),
    Campaign(
        id="dan-van-kheo",
        name="Dân vận khéo",
        kind=CampaignKind.EMULATION_MOVEMENT,
        organisers=(POLICE,),
        scope=(NAM_DINH,),
        parent="dan-van-cat",
    ),
    Campaign(
        id="thanh-nien-xung-kich",
        name="Thanh niên xung kích, tình nguyện xây dựng và bảo vệ Tổ quốc",
        kind=CampaignKind.MOVEMENT,
        organisers=("doan-thanh-nien-cat",),
        parent="dan-van-kheo",
    ),
    Campaign(
        id="lam-theo-loi-bac",
        name="Làm theo lời Bác, thực hiện tiết kiệm giúp nhau giảm nghèo bền vững",
        kind=CampaignKind.MOVEMENT,
        organisers=("hoi-phu-nu-cat",),
        parent="dan-van-kheo",
    ),
    Campaign(
        id="cai-cach-hanh-chinh",
        name="Cải cách hành chính",
        kind=CampaignKind.PROGRAMME,
        legal_basis=("tcvn-iso-9001-2015",),
        organisers=(POLICE,),
        scope=(NAM_DINH,),
        note="applies the TCVN ISO 9001:2015 quality management system",
    ),
    Campaign(
        id="du-an-cccd",
        name="Dự án cấp, sản xuất, quản lý căn cước công dân có gắn chíp điện tử",
        kind=CampaignKind.PROJECT,
        organisers=(POLICE,),
        scope=(NAM_DINH,),
        parent="cai-cach-hanh-chinh",
        note="Nam Định is one of the two provinces leading the country that completed "
        "and exceeded the target set by the Government and the Ministry (vượt chỉ tiêu); "
        "the article gives no target figure",
    ),
    Campaign(
        id="cong-an-xa-chinh-quy",
        name="Bố trí Công an xã chính quy",
        kind=CampaignKind.PROGRAMME,
        organisers=(POLICE,),
        scope=(NAM_DINH,),
        targets=(
            Target(
                metric="police.regular.per_commune",
                quantity=parse_quantity("5 công an"),
                period=REVIEW,
                place=NAM_DINH,
            ),
        ),
        note="at least 5 regular officers in every commune and township",
    ),
)


def _model(id: str, name: str, category: ModelCategory, **kwargs: object) -> CommunityModel:
    fields: dict[str, object] = {
        "places": (NAM_DINH,),
        "campaign": "toan-dan-bv-antq",
        "host": POLICE,
    }
    fields.update(kwargs)
    maintained = LifecycleEvent(
        stage=LifecycleStage.MAINTAINED, note="“đã tiếp tục duy trì” (no date given)"
    )
    return CommunityModel(id=id, name=name, category=category, events=(maintained,), **fields)  # type: ignore[arg-type]  # fields checked by attrs


MODELS = (
    _model(
        "truong-hoc-van-minh",
        "Trường học văn minh, học sinh thân thiện, không ma túy và bạo lực học đường",
        ModelCategory.SCHOOL,
    ),
    _model("an-toan-truong-hoc", "An toàn trường học", ModelCategory.SCHOOL),
    _model("camera-an-ninh", "Camera an ninh", ModelCategory.SECURITY_CAMERA),
    _model(
        "giao-xu-khong-toi-pham",
        "Giáo xứ, giáo họ không có tội phạm, không có ma túy, không có tệ nạn xã hội",
        ModelCategory.RELIGIOUS,
    ),
    _model("chua-tinh-tien", "Chùa tinh tiến", ModelCategory.RELIGIOUS),
    _model(
        "thon-xom-khong-ma-tuy",
        "Thôn, xóm không ma túy và tệ nạn xã hội",
        ModelCategory.RESIDENTIAL,
    ),
    _model("2-tu-quan-3-chu-dong", "2 tự quản, 3 chủ động", ModelCategory.SELF_MANAGEMENT),
    _model("to-ccb-vi-dan", "Tổ cựu chiến binh vì dân", ModelCategory.VETERANS),
    _model(
        "khu-cum-cong-nghiep-an-toan",
        "Khu, cụm công nghiệp an toàn về ANTT",
        ModelCategory.INDUSTRIAL_ZONE,
    ),
    _model(
        "hai-co",
        "Hai có: Du lịch an ninh, an toàn - văn hóa, văn minh",
        ModelCategory.TOURISM,
        places=(GIAO_THUY,),
        note="at the Quất Lâm beach area (Giao Thủy)",
    ),
    _model(
        "hai-khong",
        "Hai không: Không tội phạm, không tệ nạn xã hội",
        ModelCategory.TOURISM,
        places=(GIAO_THUY,),
        note="“tại khu du dịch biển Quất Lâm” (sic: du lịch) in Giao Thủy",
    ),
    _model(
        "don-tiep-niem-no",
        "Đón tiếp niềm nở, phục vụ tận tình chu đáo",
        ModelCategory.PUBLIC_SERVICE,
        host="benh-vien-cat",
        campaign="dan-van-kheo",
    ),
    _model(
        "het-viec-moi-het-gio",
        "Hết việc mới hết giờ làm việc",
        ModelCategory.PUBLIC_SERVICE,
        host="csqlhc",
        campaign="dan-van-kheo",
    ),
    _model(
        "tiep-dan-nhu-khach-quy",
        "Tiếp dân như tiếp khách quý",
        ModelCategory.PUBLIC_SERVICE,
        host="csqlhc",
        campaign="dan-van-kheo",
    ),
)

DRIVES = (
    CharityDrive(
        id="hien-mau",
        name="Hiến máu tình nguyện",
        kind=DriveKind.BLOOD_DONATION,
        programmes=("Ngày hội giọt máu hồng", "Chủ nhật đỏ", "Giọt máu nghĩa tình vì đồng đội"),
        organisers=(POLICE,),
    ),
    CharityDrive(
        id="den-on-dap-nghia",
        name="Uống nước nhớ nguồn, đền ơn đáp nghĩa",
        kind=DriveKind.GRATITUDE,
        organisers=(POLICE,),
        beneficiaries=("thương binh", "gia đình liệt sĩ", "mẹ Việt Nam Anh hùng"),
    ),
    CharityDrive(
        id="lu-lut-mien-trung",
        name="Ủng hộ đồng bào miền Trung bị ảnh hưởng lũ lụt",
        kind=DriveKind.DISASTER_RELIEF,
        organisers=(POLICE,),
        beneficiaries=("đồng bào miền Trung bị ảnh hưởng lũ lụt",),
    ),
    CharityDrive(
        id="covid-19",
        name="Đợt cao điểm ủng hộ phòng, chống dịch COVID-19",
        kind=DriveKind.PANDEMIC_SUPPORT,
        organisers=(POLICE,),
    ),
    CharityDrive(
        id="tu-thien", name="Hoạt động xã hội, từ thiện", kind=DriveKind.OTHER, organisers=(POLICE,)
    ),
)

SOURCES = (
    Source(
        id=SOURCE,
        title="Hiệu quả công tác dân vận của lực lượng Công an tỉnh",
        kind=SourceKind.ARTICLE,
        publisher="Công an tỉnh Nam Định",
        note="published February 2022 (no day given)",
    ),
)


def _obs(id: str, metric: str, figure: str, quote: str, **kwargs: object) -> Observation:
    fields: dict[str, object] = {
        "period": REVIEW,
        "place": NAM_DINH,
        "organisation": POLICE,
        "source": SOURCE,
    }
    fields.update(kwargs)
    return Observation(id=id, metric=metric, value=parse_quantity(figure), quote=quote, **fields)  # type: ignore[arg-type]  # fields checked by attrs


OBSERVATIONS = (
    _obs(
        "models-dan-van-kheo",
        "models",
        "52 mô hình",
        "đến nay đã xây dựng 52 mô hình",
        activity="dan-van-kheo",
        note=NO_PERIOD_NOTE,
    ),
    _obs(
        "exemplars-dan-van-kheo",
        "exemplars.individuals",
        "33 cá nhân",
        "33 cá nhân điển hình “Dân vận khéo”",
        activity="dan-van-kheo",
        note=NO_PERIOD_NOTE,
    ),
    Observation(
        id="regular-police-coverage",
        metric="police.regular.coverage",
        value=parse_ratio("204/204=100%", unit="commune"),
        period=REVIEW,
        place=NAM_DINH,
        organisation=POLICE,
        source=SOURCE,
        activity="cong-an-xa-chinh-quy",
        quote="204/204=100% xã, thị trấn",
    ),
    _obs(
        "regular-police-per-commune",
        "police.regular.per_commune",
        "tối thiểu 5 công an",
        "bố trí tối thiểu 5 Công an chính quy/xã, thị trấn",
        activity="cong-an-xa-chinh-quy",
    ),
    _obs("tips", "tips", "gần 9.000 tin", "gần 9.000 tin có giá trị"),
    _obs("bombs", "surrendered.bombs", "3 quả", "3 quả bom"),
    _obs("shells", "surrendered.shells", "1 quả", "1 quả đạn pháo"),
    # Both entries are labelled: an unlabelled one beside a labelled one would be its whole.
    _obs("grenades", "surrendered.grenades", "31 quả", "31 lựu đạn", disaggregation="listed first"),
    _obs("detonators", "surrendered.detonators", "12 kíp", "12 kíp nổ"),
    _obs("explosive-mass", "surrendered.explosive_mass", "180 gam", "180 gam thuốc nổ"),
    _obs("guns", "surrendered.guns", "153 khẩu", "153 khẩu súng"),
    _obs("rounds", "surrendered.rounds", "3.089 viên", "3.089 viên đạn các loại"),
    _obs(
        "grenades-again",
        "surrendered.grenades",
        "1 quả",
        "1 lựu đạn",
        disaggregation="listed again",
        note="the list names grenades a second time; kept as a separate entry",
    ),
    _obs(
        "rudimentary-weapons", "surrendered.rudimentary_weapons", "428 vũ khí", "428 vũ khí thô sơ"
    ),
    _obs("support-tools", "surrendered.support_tools", "355 công cụ", "355 công cụ hỗ trợ…"),
    _obs(
        "blood-turns",
        "blood.turns",
        "hơn 3.100 lượt",
        "vận động hơn 3.100 lượt cán bộ, chiến sĩ, đoàn viên, hội viên tham gia hiến máu "
        "tình nguyện",
        activity="hien-mau",
        note=NO_PERIOD_NOTE,
    ),
)

#: The seed's own rule: at least 5 regular officers in every commune and township.
REGULAR_POLICE_MINIMUM = AtLeast(
    code="regular-police-minimum",
    metric="police.regular.per_commune",
    minimum=parse_quantity("5 công an"),
    description="at least 5 regular police officers in every commune (Nam Định, 2022)",
)
RULES = (*danvan.DEFAULT_RULES, REGULAR_POLICE_MINIMUM)


def build() -> Dataset:
    """The Nam Định 2017–2021 dataset, every fact of the seed article."""
    return Dataset(
        title="Công tác dân vận của lực lượng Công an tỉnh Nam Định, 2017–2021",
        places=seed_gazetteer(),
        organisations=ORGANISATIONS,
        documents=DOCUMENTS,
        campaigns=CAMPAIGNS,
        models=MODELS,
        drives=DRIVES,
        sources=SOURCES,
        observations=OBSERVATIONS,
    )


def main() -> None:
    """Print what the dataset holds, and its validation."""
    dataset = build()
    print(dataset.title)
    print(
        f"{len(dataset.observations)} figures, {len(dataset.models)} named models, "
        f"{len(dataset.campaigns)} campaigns, {len(dataset.drives)} charity drives"
    )
    for obs in dataset.observations:
        print(f"  {obs.metric:<32} {obs.value!s:<22} {obs.period}  “{obs.quote}”")
    print(dataset.validate(RULES))


if __name__ == "__main__":
    main()
