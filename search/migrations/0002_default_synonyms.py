"""A starting list of synonyms a family or a social worker would type. Editors extend it."""

from django.db import migrations

DEFAULT_SYNONYMS = [
    "Kita, Kindertagesstätte, Kindergarten, Krippe, Kindertageseinrichtung",
    "Tagesmutter, Tagesvater, Kindertagespflege, Tagespflege",
    "Nachhilfe, Lernförderung, Hausaufgabenhilfe, Lernhilfe",
    "Hebamme, Geburtshelferin, Entbindungspfleger",
    "Schwangerschaft, Schwangere, schwanger, werdende Mutter",
    "Baby, Säugling, Neugeborenes",
    "Kleinkind, Krabbelkind",
    "Stillen, Stillberatung, Stillcafé",
    "Frühe Hilfen, Familienhebamme, Babylotse",
    "Erziehungsberatung, Familienberatung, Elternberatung",
    "Eltern, Mutter, Vater, Mama, Papa",
    "Alleinerziehend, alleinerziehende, Einelternfamilie",
    "Jugendamt, Allgemeiner Sozialer Dienst, ASD",
    "Kinderschutz, Kindeswohl, Kindeswohlgefährdung",
    "Notfall, Notdienst, Krise, Notruf",
    "Schulden, Schuldnerberatung, Insolvenz, Mahnung",
    "Geld, finanzielle Hilfe, Zuschuss, Unterstützung",
    "Bürgergeld, Hartz IV, Grundsicherung, Sozialhilfe",
    "Bildung und Teilhabe, BuT, Bildungspaket, Teilhabepaket",
    "Kinderzuschlag, Kindergeld, Familienkasse",
    "Wohngeld, Mietzuschuss",
    "Wohnung, Wohnen, Obdachlos, wohnungslos",
    "Arzt, Ärztin, Kinderarzt, Kinderärztin, Praxis",
    "Zahnarzt, Zahngesundheit, Zähne",
    "Impfung, impfen, Impfberatung",
    "Vorsorge, Vorsorgeuntersuchung, U-Untersuchung",
    "Psychotherapie, Therapie, seelische Gesundheit, Psychologe",
    "Sucht, Drogen, Alkohol, Cannabis, Suchtberatung",
    "Sprachkurs, Deutschkurs, Deutsch lernen, Integrationskurs",
    "Sprachförderung, Sprachentwicklung, Logopädie",
    "Migration, Zuwanderung, Geflüchtete, Flüchtlinge, Asyl",
    "Ausbildung, Lehre, Ausbildungsplatz",
    "Beruf, Job, Arbeit, Arbeitsplatz",
    "Berufsorientierung, Berufswahl, Berufsberatung",
    "Bewerbung, Lebenslauf, Vorstellungsgespräch",
    "Jugendtreff, Jugendzentrum, Jugendhaus, offene Jugendarbeit",
    "Ferienbetreuung, Ferienprogramm, Ferienfreizeit",
    "Ganztag, OGS, offene Ganztagsschule, Hort",
    "Schulsozialarbeit, Schulsozialarbeiter, Sozialarbeit an Schulen",
    "Mobbing, Cybermobbing, Ausgrenzung",
    "Gewalt, häusliche Gewalt, Misshandlung",
    "Trennung, Scheidung, Umgang, Sorgerecht",
    "Behinderung, Inklusion, Beeinträchtigung, Förderbedarf",
    "Frühförderung, Entwicklungsverzögerung, Heilpädagogik",
    "Schwimmkurs, Schwimmen lernen, Seepferdchen",
    "Sport, Bewegung, Turnen, Verein",
    "Ernährung, Essen, Kochkurs, gesund essen",
    "Medien, Internet, Handy, Smartphone, Medienkompetenz",
    "Elterncafé, Elterntreff, Familiencafé, Familientreff",
    "Krabbelgruppe, Spielgruppe, Eltern-Kind-Gruppe, PEKiP",
    "kostenlos, gratis, umsonst, kostenfrei",
]


def create(apps, schema_editor):
    SynonymGroup = apps.get_model("directory_search", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(terms=terms) for terms in DEFAULT_SYNONYMS)


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
