"""The help strip, the home page and the life-stage pages in English, Turkish, Arabic
and Ukrainian. Phone numbers stay as they are; only the words are translated.

Only texts still as installed are translated: a contact is matched by its number, a page
intro by its German default text, and fields an editor has filled stay untouched."""

from django.db import migrations

HELP_CONTACTS = {
    "110": {
        "label": {"en": "Police", "tr": "Polis", "ar": "الشرطة", "uk": "Поліція"},
        "note": {"en": "Emergency", "tr": "Acil çağrı", "ar": "طوارئ", "uk": "Екстрений виклик"},
    },
    "112": {
        "label": {
            "en": "Fire brigade and ambulance",
            "tr": "İtfaiye ve ambulans",
            "ar": "الإطفاء والإسعاف",
            "uk": "Пожежна служба та швидка допомога",
        },
        "note": {"en": "Emergency", "tr": "Acil çağrı", "ar": "طوارئ", "uk": "Екстрений виклик"},
    },
    "116 117": {
        "label": {
            "en": "Out-of-hours doctor",
            "tr": "Nöbetçi doktor",
            "ar": "الطبيب المناوب",
            "uk": "Чергова лікарська служба",
        },
        "note": {
            "en": "when your doctor's practice is closed",
            "tr": "muayenehane kapalıyken",
            "ar": "عندما تكون العيادة مغلقة",
            "uk": "коли приймальня лікаря зачинена",
        },
    },
    "116 111": {
        "label": {
            "en": "Helpline for children and young people (Nummer gegen Kummer)",
            "tr": "Çocuklar ve gençler için yardım hattı (Nummer gegen Kummer)",
            "ar": "خط مساعدة الأطفال والشباب (Nummer gegen Kummer)",
            "uk": "Гаряча лінія для дітей і молоді (Nummer gegen Kummer)",
        },
        "note": {
            "en": "anonymous and free",
            "tr": "isim vermeden ve ücretsiz",
            "ar": "دون ذكر الاسم ومجانًا",
            "uk": "анонімно й безкоштовно",
        },
    },
    "0800 111 0 550": {
        "label": {
            "en": "Helpline for parents (Elterntelefon)",
            "tr": "Ebeveyn danışma hattı (Elterntelefon)",
            "ar": "خط مساعدة الآباء والأمهات (Elterntelefon)",
            "uk": "Телефон довіри для батьків (Elterntelefon)",
        },
        "note": {
            "en": "anonymous and free",
            "tr": "isim vermeden ve ücretsiz",
            "ar": "دون ذكر الاسم ومجانًا",
            "uk": "анонімно й безкоштовно",
        },
    },
    "116 016": {
        "label": {
            "en": "Helpline violence against women",
            "tr": "Kadına yönelik şiddet yardım hattı",
            "ar": "خط مساعدة النساء ضد العنف",
            "uk": "Гаряча лінія «Насильство щодо жінок»",
        },
        "note": {
            "en": "around the clock, in many languages",
            "tr": "günün her saati, birçok dilde",
            "ar": "على مدار الساعة، وبلغات كثيرة",
            "uk": "цілодобово, багатьма мовами",
        },
    },
}

HOME_TITLE = {
    "Hilfe und Unterstützung für Familien": {
        "en": "Help and support for families",
        "tr": "Aileler için yardım ve destek",
        "ar": "المساعدة والدعم للعائلات",
        "uk": "Допомога та підтримка для сімей",
    }
}

INTROS = {
    # Home page
    "Hier finden Sie Angebote für Kinder, Jugendliche und Familien in unserer Stadt – "
    "von der Schwangerschaft bis zum Start in den Beruf.": {
        "en": "Here you will find services for children, young people and families in our "
        "city – from pregnancy to the start of working life.",
        "tr": "Burada şehrimizdeki çocuklar, gençler ve aileler için hamilelikten meslek "
        "hayatının başlangıcına kadar hizmetler bulabilirsiniz.",
        "ar": "هنا تجدون خدمات للأطفال والشباب والعائلات في مدينتنا – من الحمل حتى بداية "
        "الحياة المهنية.",
        "uk": "Тут ви знайдете послуги для дітей, молоді та сімей у нашому місті – від "
        "вагітності до початку професійного життя.",
    },
    # Life-stage pages
    "Von der ersten Vorsorge bis zur Geburt: Hebammen, Beratung zu Geld und Rechten "
    "und Kurse, die auf das Leben mit dem Baby vorbereiten.": {
        "en": "From the first check-up to the birth: midwives, advice on money and rights, "
        "and courses that prepare you for life with your baby.",
        "tr": "İlk kontrolden doğuma kadar: ebeler, para ve haklar konusunda danışmanlık ve "
        "sizi bebekli hayata hazırlayan kurslar.",
        "ar": "من أول فحص حتى الولادة: قابلات، واستشارات حول المال والحقوق، ودورات "
        "تُعدّكم للحياة مع الطفل.",
        "uk": "Від першого огляду до пологів: акушерки, консультації щодо грошей і прав "
        "та курси, що готують до життя з немовлям.",
    },
    "Die ersten drei Jahre: Frühe Hilfen, Elterncafés, Familienhebammen, "
    "Vorsorgeuntersuchungen und Hilfe, wenn das Baby viel schreit.": {
        "en": "The first three years: early help (Frühe Hilfen), parents' cafés, family "
        "midwives, check-ups and help when your baby cries a lot.",
        "tr": "İlk üç yıl: erken destek (Frühe Hilfen), ebeveyn kafeleri, aile ebeleri, "
        "sağlık kontrolleri ve bebek çok ağladığında yardım.",
        "ar": "السنوات الثلاث الأولى: الدعم المبكر (Frühe Hilfen)، ومقاهي الآباء "
        "والأمهات، وقابلات الأسرة، والفحوص الوقائية، والمساعدة عندما يبكي الطفل كثيرًا.",
        "uk": "Перші три роки: рання допомога (Frühe Hilfen), батьківські кафе, сімейні "
        "акушерки, профілактичні огляди та допомога, коли немовля багато плаче.",
    },
    "Kita und Tagespflege, Sprachförderung, Bewegung und Beratung, "
    "wenn sich Eltern Sorgen um die Entwicklung ihres Kindes machen.": {
        "en": "Day care and childminders, language support, exercise, and advice when "
        "parents are worried about their child's development.",
        "tr": "Kreş ve gündüz bakımı, dil desteği, hareket ve çocuğunun gelişimi konusunda "
        "endişelenen ebeveynler için danışmanlık.",
        "ar": "الحضانة والرعاية النهارية، ودعم اللغة، والحركة، والاستشارة عندما يقلق "
        "الوالدان بشأن نمو طفلهما.",
        "uk": "Дитячий садок і денний догляд, мовна підтримка, рух і консультації, коли "
        "батьки турбуються про розвиток дитини.",
    },
    "Ankommen in der Schule: Offener Ganztag, Lernförderung, Freizeit "
    "und Beratung für Kinder und Eltern.": {
        "en": "Settling in at school: all-day care (Offener Ganztag), learning support, "
        "leisure and advice for children and parents.",
        "tr": "Okula alışmak: tam gün bakım (Offener Ganztag), öğrenme desteği, boş zaman "
        "etkinlikleri ve çocuklar ile ebeveynler için danışmanlık.",
        "ar": "التأقلم مع المدرسة: الرعاية طوال اليوم (Offener Ganztag)، ودعم التعلّم، "
        "وأنشطة وقت الفراغ، والاستشارة للأطفال والوالدين.",
        "uk": "Початок шкільного життя: група продовженого дня (Offener Ganztag), допомога "
        "в навчанні, дозвілля та консультації для дітей і батьків.",
    },
    "Jugendzentren, Schulsozialarbeit, Beratung zu Gesundheit, Liebe und Sucht – "
    "und Hilfe in Krisen.": {
        "en": "Youth centres, school social work, advice on health, love and addiction – "
        "and help in a crisis.",
        "tr": "Gençlik merkezleri, okul sosyal hizmeti, sağlık, aşk ve bağımlılık "
        "konularında danışmanlık – ve kriz anında yardım.",
        "ar": "مراكز الشباب، والعمل الاجتماعي في المدارس، والاستشارة حول الصحة والحب "
        "والإدمان – والمساعدة في الأزمات.",
        "uk": "Молодіжні центри, шкільна соціальна робота, консультації щодо здоров'я, "
        "кохання та залежностей – і допомога в кризі.",
    },
    "Berufsorientierung, Bewerbung, Ausbildung und Unterstützung beim Start "
    "in ein eigenständiges Leben.": {
        "en": "Career guidance, job applications, vocational training and support in "
        "starting an independent life.",
        "tr": "Meslek seçimi, iş başvurusu, mesleki eğitim ve bağımsız bir hayata "
        "başlarken destek.",
        "ar": "التوجيه المهني، والتقدّم للوظائف، والتدريب المهني، والدعم عند بدء حياة "
        "مستقلة.",
        "uk": "Профорієнтація, пошук роботи, професійне навчання та підтримка на початку "
        "самостійного життя.",
    },
}


def _fill(obj, field: str, translations: dict[str, str]) -> bool:
    changed = False
    for language, text in translations.items():
        name = f"{field}_{language}"
        if not getattr(obj, name):
            setattr(obj, name, text)
            changed = True
    return changed


def seed(apps, schema_editor):
    HelpSettings = apps.get_model("cms", "HelpSettings")
    for settings in HelpSettings.objects.all():
        contacts = settings.contacts.raw_data
        for contact in contacts:
            value = contact["value"]
            known = HELP_CONTACTS.get(value.get("phone", "").strip())
            if known is None:
                continue
            for field in ("label", "note"):
                for language, text in known[field].items():
                    if not value.get(f"{field}_{language}") and value.get(field):
                        value[f"{field}_{language}"] = text
        settings.contacts = list(contacts)
        settings.save(update_fields=["contacts"])
    for model in ("HomePage", "LifeStagePage"):
        for page in apps.get_model("cms", model).objects.all():
            changed = _fill(page, "intro", INTROS.get(page.intro, {}))
            if model == "HomePage":
                changed |= _fill(page, "title", HOME_TITLE.get(page.title, {}))
            if changed:
                page.save()


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_translated_titles_intros_help_strip")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
