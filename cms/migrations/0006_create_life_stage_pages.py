"""Each life stage gets its page under the home page, with a German introduction that
editors can change. Pages already there (by life stage) are left alone."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet, 4 per level

PAGES = [
    (
        "pregnancy",
        "schwangerschaft-und-geburt",
        "Von der ersten Vorsorge bis zur Geburt: Hebammen, Beratung zu Geld und Rechten "
        "und Kurse, die auf das Leben mit dem Baby vorbereiten.",
    ),
    (
        "infant",
        "baby-und-kleinkind",
        "Die ersten drei Jahre: Frühe Hilfen, Elterncafés, Familienhebammen, "
        "Vorsorgeuntersuchungen und Hilfe, wenn das Baby viel schreit.",
    ),
    (
        "preschool",
        "kita-alter",
        "Kita und Tagespflege, Sprachförderung, Bewegung und Beratung, "
        "wenn sich Eltern Sorgen um die Entwicklung ihres Kindes machen.",
    ),
    (
        "primary",
        "grundschulalter",
        "Ankommen in der Schule: Offener Ganztag, Lernförderung, Freizeit "
        "und Beratung für Kinder und Eltern.",
    ),
    (
        "secondary",
        "jugend-und-weiterfuehrende-schule",
        "Jugendzentren, Schulsozialarbeit, Beratung zu Gesundheit, Liebe und Sucht – "
        "und Hilfe in Krisen.",
    ),
    (
        "transition",
        "uebergang-schule-beruf",
        "Berufsorientierung, Bewerbung, Ausbildung und Unterstützung beim Start "
        "in ein eigenständiges Leben.",
    ),
]


def _segment(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def create_life_stage_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    LifeStagePage = apps.get_model("cms.LifeStagePage")
    LifeStage = apps.get_model("directory.LifeStage")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    page_type, _created = ContentType.objects.get_or_create(
        app_label="cms", model="lifestagepage"
    )
    existing = set(LifeStagePage.objects.values_list("life_stage__code", flat=True))
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = max((child.path for child in children), default=None)
    number = int(last[-4:], 36) if last else 0
    for code, slug, intro in PAGES:
        stage = LifeStage.objects.filter(code=code).first()
        if stage is None or code in existing or children.filter(slug=slug).exists():
            continue
        number += 1
        LifeStagePage.objects.create(
            title=stage.name,
            draft_title=stage.name,
            slug=slug,
            life_stage=stage,
            intro=intro,
            content_type=page_type,
            locale_id=home.locale_id,
            path=home.path + _segment(number),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
        )
    Page.objects.filter(pk=home.pk).update(
        numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    )


def remove_life_stage_pages(apps, schema_editor):
    apps.get_model("cms.LifeStagePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_life_stage_page"), ("directory", "0002_seed_taxonomies")]
    operations = [migrations.RunPython(create_life_stage_pages, remove_life_stage_pages)]
