"""A fresh install gets a working site: a HomePage replaces Wagtail's welcome page."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2
    ).delete()
    homepage_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    homepage = HomePage.objects.create(
        title="Hilfe und Unterstützung für Familien",
        draft_title="Hilfe und Unterstützung für Familien",
        intro=(
            "Hier finden Sie Angebote für Kinder, Jugendliche und Familien in unserer Stadt – "
            "von der Schwangerschaft bis zum Start in den Beruf."
        ),
        slug="home",
        content_type=homepage_type,
        locale=Locale.objects.get(language_code="de")
        if Locale.objects.filter(language_code="de").exists()
        else Locale.objects.first(),
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        has_unpublished_changes=False,
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True,
        site_name="Präventionskette",
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
