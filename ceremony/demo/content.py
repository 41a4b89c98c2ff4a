"""The demo event's content in the other languages: the event, its venue and rooms, and the
titles of the main sessions (the skeleton, the high-level panels and the roundtables) in the
five other official languages of the United Nations and in Vietnamese.

The Convention's titles follow its official texts in each language; the rest was translated
for the demo. Workshops and side events keep their English titles only, as many real ones
would: the pages show them in English in every language (the fallback).

Keyed by field, then language; rooms and sessions by their code and slug.
"""

CONVENTION = {
    "ar": "اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية",
    "zh-hans": "联合国打击网络犯罪公约",
    "fr": "Convention des Nations Unies contre la cybercriminalité",
    "ru": "Конвенция Организации Объединенных Наций против киберпреступности",
    "es": "Convención de las Naciones Unidas contra la Ciberdelincuencia",
    "vi": "Công ước của Liên hợp quốc về chống tội phạm mạng",
}

EVENT = {
    "name": {
        "ar": "فتح باب التوقيع على اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية، "
        "ومؤتمر رفيع المستوى",
        "zh-hans": "《联合国打击网络犯罪公约》开放签署仪式暨高级别会议",
        "fr": "Ouverture à la signature de la Convention des Nations Unies contre la "
        "cybercriminalité et conférence de haut niveau",
        "ru": "Открытие для подписания Конвенции Организации Объединенных Наций против "
        "киберпреступности и конференция высокого уровня",
        "es": "Apertura a la firma de la Convención de las Naciones Unidas contra la "
        "Ciberdelincuencia y conferencia de alto nivel",
        "vi": "Lễ mở ký Công ước của Liên hợp quốc về chống tội phạm mạng và Hội nghị cấp cao",
    },
    "theme": {
        "ar": "مكافحة الجريمة السيبرانية – تقاسم المسؤوليات – تأمين مستقبلنا",
        "zh-hans": "打击网络犯罪——共担责任——守护未来",
        "fr": "Lutter contre la cybercriminalité – Partager les responsabilités – Sécuriser "
        "notre avenir",
        "ru": "Противодействие киберпреступности – разделение ответственности – обеспечение "
        "нашего будущего",
        "es": "Combatir la ciberdelincuencia – Compartir responsabilidades – Asegurar nuestro "
        "futuro",
        # As the Vietnamese press reported it.
        "vi": "Chống tội phạm mạng - Chia sẻ trách nhiệm - Hướng tới tương lai",
    },
    "treaty_short_title": {
        "ar": "اتفاقية هانوي",
        "zh-hans": "河内公约",
        "fr": "Convention de Hanoï",
        "ru": "Ханойская конвенция",
        "es": "Convención de Hanói",
        "vi": "Công ước Hà Nội",
    },
    "treaty_title": {
        "ar": CONVENTION["ar"] + "؛ تعزيز التعاون الدولي على مكافحة بعض الجرائم المرتكبة "
        "بواسطة نظم تكنولوجيا المعلومات والاتصالات وعلى تبادل الأدلة الإلكترونية المتعلقة "
        "بالجرائم الخطيرة",
        "zh-hans": CONVENTION["zh-hans"] + "；加强国际合作打击某些利用信息和通信技术系统实施的"
        "犯罪并共享严重犯罪的电子形式证据",
        "fr": CONVENTION["fr"] + " ; renforcement de la coopération internationale pour la "
        "lutte contre certaines infractions commises au moyen de systèmes d'information et de "
        "communication et pour la communication de preuves sous forme électronique "
        "d'infractions graves",
        "ru": CONVENTION["ru"] + "; укрепление международного сотрудничества в борьбе с "
        "определенными преступлениями, совершаемыми с использованием информационно-"
        "коммуникационных систем, и в обмене доказательствами в электронной форме, "
        "относящимися к серьезным преступлениям",
        "es": CONVENTION["es"] + "; Fortalecimiento de la Cooperación Internacional para la "
        "Lucha contra Determinados Delitos Cometidos mediante Sistemas de Tecnología de la "
        "Información y las Comunicaciones y para la Transmisión de Pruebas en Forma "
        "Electrónica de Delitos Graves",
        "vi": CONVENTION["vi"] + "; tăng cường hợp tác quốc tế phòng, chống một số tội phạm "
        "được thực hiện bằng hệ thống công nghệ thông tin và truyền thông và chia sẻ chứng cứ "
        "điện tử của các tội phạm nghiêm trọng",
    },
}

VENUE = {
    "name": {
        "ar": "المركز الوطني للمؤتمرات",
        "zh-hans": "国家会议中心",
        "fr": "Centre national des congrès",
        "ru": "Национальный конференц-центр",
        "es": "Centro Nacional de Convenciones",
        "vi": "Trung tâm Hội nghị Quốc gia",
    },
    "city": {
        "ar": "هانوي",
        "zh-hans": "河内",
        "fr": "Hanoï",
        "ru": "Ханой",
        "es": "Hanói",
        "vi": "Hà Nội",
    },
}


def _numbered(number, names):
    return {language: name.format(n=number) for language, name in names.items()}


ROOMS = {
    "plenary-hall": {
        "ar": "قاعة الجلسات العامة",
        "zh-hans": "全体会议厅",
        "fr": "Salle plénière",
        "ru": "Пленарный зал",
        "es": "Sala plenaria",
        "vi": "Hội trường phiên toàn thể",
    },
    "banquet-hall": {
        "ar": "قاعة المآدب",
        "zh-hans": "宴会厅",
        "fr": "Salle des banquets",
        "ru": "Банкетный зал",
        "es": "Salón de banquetes",
        "vi": "Phòng tiệc",
    },
    "exhibition-hall": {
        "ar": "قاعة المعارض",
        "zh-hans": "展览厅",
        "fr": "Hall d'exposition",
        "ru": "Выставочный зал",
        "es": "Sala de exposiciones",
        "vi": "Khu triển lãm",
    },
    "press-centre": {
        "ar": "المركز الصحفي",
        "zh-hans": "新闻中心",
        "fr": "Centre de presse",
        "ru": "Пресс-центр",
        "es": "Centro de prensa",
        "vi": "Trung tâm báo chí",
    },
    **{
        f"conference-{n}": _numbered(
            n,
            {
                "ar": "قاعة المؤتمرات {n}",
                "zh-hans": "第{n}会议室",
                "fr": "Salle de conférence {n}",
                "ru": "Конференц-зал {n}",
                "es": "Sala de conferencias {n}",
                "vi": "Phòng hội nghị {n}",
            },
        )
        for n in range(1, 5)
    },
    **{
        f"meeting-{n:02d}": _numbered(
            f"3.{n:02d}",
            {
                "ar": "قاعة الاجتماعات {n}",
                "zh-hans": "{n}会议室",
                "fr": "Salle de réunion {n}",
                "ru": "Переговорная комната {n}",
                "es": "Sala de reuniones {n}",
                "vi": "Phòng họp {n}",
            },
        )
        for n in range(1, 13)
    },
}

_PANEL = {
    "ar": "حلقة نقاش رفيعة المستوى: {title}",
    "zh-hans": "高级别小组讨论：{title}",
    "fr": "Réunion-débat de haut niveau : {title}",
    "ru": "Дискуссионная группа высокого уровня: {title}",
    "es": "Mesa de alto nivel: {title}",
    "vi": "Phiên thảo luận cấp cao: {title}",
}
_ROUNDTABLE = {
    "ar": "مائدة مستديرة: {title}",
    "zh-hans": "圆桌会议：{title}",
    "fr": "Table ronde : {title}",
    "ru": "Круглый стол: {title}",
    "es": "Mesa redonda: {title}",
    "vi": "Bàn tròn: {title}",
}


def _titled(prefixes, titles):
    return {language: prefixes[language].format(title=titles[language]) for language in titles}


SESSION_TITLES = {
    "press-conference-before": {
        "ar": "مؤتمر صحفي: التحضيرات لحفل التوقيع",
        "zh-hans": "新闻发布会：签署仪式筹备情况",
        "fr": "Conférence de presse : préparatifs de la cérémonie de signature",
        "ru": "Пресс-конференция: подготовка к церемонии подписания",
        "es": "Conferencia de prensa: preparativos de la ceremonia de firma",
        "vi": "Họp báo: công tác chuẩn bị Lễ mở ký",
    },
    "opening": {
        "ar": "حفل الاستقبال والصورة الجماعية والجلسة الافتتاحية",
        "zh-hans": "欢迎仪式、集体合影和开幕式",
        "fr": "Cérémonie d'accueil, photo de groupe et séance d'ouverture",
        "ru": "Церемония встречи, групповое фото и открытие",
        "es": "Ceremonia de bienvenida, foto de grupo y sesión de apertura",
        "vi": "Lễ đón, chụp ảnh chung và phiên khai mạc",
    },
    "signing": {
        "ar": "فتح باب التوقيع على " + CONVENTION["ar"],
        "zh-hans": "《" + CONVENTION["zh-hans"] + "》开放签署",
        "fr": "Ouverture à la signature de la " + CONVENTION["fr"],
        "ru": "Открытие для подписания " + CONVENTION["ru"].replace("Конвенция", "Конвенции"),
        "es": "Apertura a la firma de la " + CONVENTION["es"],
        "vi": "Lễ mở ký " + CONVENTION["vi"],
    },
    "plenary": {
        "ar": "الجلسة العامة: البيانات الوطنية",
        "zh-hans": "全体会议：国家发言",
        "fr": "Séance plénière : déclarations nationales",
        "ru": "Пленарное заседание: национальные заявления",
        "es": "Sesión plenaria: declaraciones nacionales",
        "vi": "Phiên toàn thể: phát biểu của các quốc gia",
    },
    "exhibition": {
        "ar": "معرض التكنولوجيا: مكافحة الجريمة السيبرانية",
        "zh-hans": "技术展览：打击网络犯罪",
        "fr": "Exposition technologique : lutter contre la cybercriminalité",
        "ru": "Технологическая выставка: противодействие киберпреступности",
        "es": "Exposición tecnológica: combatir la ciberdelincuencia",
        "vi": "Triển lãm công nghệ: phòng, chống tội phạm mạng",
    },
    "gala-dinner": {
        "ar": "مأدبة عشاء رسمية تقيمها حكومة فييت نام",
        "zh-hans": "越南政府举办的招待晚宴",
        "fr": "Dîner de gala offert par le Gouvernement du Viet Nam",
        "ru": "Торжественный ужин от имени Правительства Вьетнама",
        "es": "Cena de gala ofrecida por el Gobierno de Viet Nam",
        "vi": "Tiệc chiêu đãi của Chính phủ Việt Nam",
    },
    "closing": {
        "ar": "الجلسة الختامية",
        "zh-hans": "闭幕式",
        "fr": "Séance de clôture",
        "ru": "Закрытие",
        "es": "Sesión de clausura",
        "vi": "Phiên bế mạc",
    },
    "press-conference-after": {
        "ar": "مؤتمر صحفي: نتائج حفل التوقيع",
        "zh-hans": "新闻发布会：签署仪式成果",
        "fr": "Conférence de presse : résultats de la cérémonie de signature",
        "ru": "Пресс-конференция: итоги церемонии подписания",
        "es": "Conferencia de prensa: resultados de la ceremonia de firma",
        "vi": "Họp báo: kết quả Lễ mở ký",
    },
    "high-level-panel-1": _titled(
        _PANEL,
        {
            "ar": "تقاسم المسؤوليات: الاتفاقية إطاراً عالمياً",
            "zh-hans": "共担责任：作为全球框架的《公约》",
            "fr": "partager les responsabilités, la Convention comme cadre mondial",
            "ru": "разделение ответственности: Конвенция как глобальная основа",
            "es": "compartir responsabilidades: la Convención como marco mundial",
            "vi": "Chia sẻ trách nhiệm: Công ước như một khuôn khổ toàn cầu",
        },
    ),
    "high-level-panel-2": _titled(
        _PANEL,
        {
            "ar": "الأدلة الإلكترونية عبر الحدود: من الطلب إلى قاعة المحكمة",
            "zh-hans": "跨境电子证据：从请求到法庭",
            "fr": "la preuve électronique par-delà les frontières, de la demande au prétoire",
            "ru": "электронные доказательства через границы: от запроса до зала суда",
            "es": "pruebas electrónicas transfronterizas: de la solicitud a la sala de audiencias",
            "vi": "Chứng cứ điện tử xuyên biên giới: từ yêu cầu đến phòng xử án",
        },
    ),
    "high-level-panel-3": _titled(
        _PANEL,
        {
            "ar": "بناء القدرات والمساعدة التقنية للبلدان النامية",
            "zh-hans": "面向发展中国家的能力建设和技术援助",
            "fr": "renforcement des capacités et assistance technique aux pays en développement",
            "ru": "наращивание потенциала и техническая помощь развивающимся странам",
            "es": "creación de capacidad y asistencia técnica para los países en desarrollo",
            "vi": "Nâng cao năng lực và hỗ trợ kỹ thuật cho các nước đang phát triển",
        },
    ),
    "high-level-panel-4": _titled(
        _PANEL,
        {
            "ar": "تأمين مستقبلنا: ضمانات حقوق الإنسان في العصر الرقمي",
            "zh-hans": "守护未来：数字时代的人权保障",
            "fr": "sécuriser notre avenir, les garanties des droits humains à l'ère numérique",
            "ru": "обеспечение нашего будущего: гарантии прав человека в цифровую эпоху",
            "es": "asegurar nuestro futuro: salvaguardias de derechos humanos en la era digital",
            "vi": "Bảo đảm tương lai: bảo đảm quyền con người trong kỷ nguyên số",
        },
    ),
    "roundtable-1": _titled(
        _ROUNDTABLE,
        {
            "ar": "التعاون بين القطاعين العام والخاص لمكافحة برمجيات الفدية",
            "zh-hans": "打击勒索软件的公私合作",
            "fr": "coopération public-privé contre les rançongiciels",
            "ru": "государственно-частное сотрудничество против программ-вымогателей",
            "es": "cooperación público-privada contra el ransomware",
            "vi": "Hợp tác công – tư chống mã độc tống tiền",
        },
    ),
    "roundtable-2": _titled(
        _ROUNDTABLE,
        {
            "ar": "حماية الأطفال على الإنترنت",
            "zh-hans": "保护网上儿童",
            "fr": "protéger les enfants en ligne",
            "ru": "защита детей в интернете",
            "es": "proteger a los niños en línea",
            "vi": "Bảo vệ trẻ em trên không gian mạng",
        },
    ),
    "roundtable-3": _titled(
        _ROUNDTABLE,
        {
            "ar": "استرداد الموجودات وعائدات الجريمة السيبرانية",
            "zh-hans": "资产追回与网络犯罪所得",
            "fr": "recouvrement des avoirs et produit de la cybercriminalité",
            "ru": "возвращение активов и доходы от киберпреступности",
            "es": "recuperación de activos y producto de la ciberdelincuencia",
            "vi": "Thu hồi tài sản và tài sản do tội phạm mạng mà có",
        },
    ),
    "roundtable-4": _titled(
        _ROUNDTABLE,
        {
            "ar": "نحو التصديق وبدء النفاذ",
            "zh-hans": "迈向批准和生效",
            "fr": "vers la ratification et l'entrée en vigueur",
            "ru": "на пути к ратификации и вступлению в силу",
            "es": "hacia la ratificación y la entrada en vigor",
            "vi": "Hướng tới phê chuẩn và có hiệu lực",
        },
    ),
}
