"""Facet values move from each document to the combinations documents share
(SearchFacetSet): filters and facet counts then read a small integer per document."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

FACETS = ("life_stage", "sector", "topic", "district", "language", "cost")


def _key(rows) -> str:
    # As search.engines.database.facet_set_key (a migration keeps its own copy).
    lines = "\n".join(f"{facet}={value}" for facet, value in sorted(set(rows)))
    return hashlib.sha1(lines.encode()).hexdigest()


def fill_facet_sets(apps, schema_editor):
    """Existing indices get their combinations from the facet values they already hold, so
    an upgrade needs no rebuild of the search index."""
    SearchDocument = apps.get_model("directory_search", "SearchDocument")
    SearchFacetSet = apps.get_model("directory_search", "SearchFacetSet")
    SearchFacetSetValue = apps.get_model("directory_search", "SearchFacetSetValue")
    documents_by_key: dict[str, list[int]] = {}
    rows_by_key: dict[str, list[tuple[str, str]]] = {}
    for document_id, values in SearchDocument.objects.values_list(
        "offer_id", "facet_values"
    ).iterator(chunk_size=5000):
        rows = [(facet, value) for facet in FACETS for value in (values or {}).get(facet, [])]
        key = _key(rows)
        rows_by_key[key] = sorted(set(rows))
        documents_by_key.setdefault(key, []).append(document_id)
    for key, rows in rows_by_key.items():
        facet_set = SearchFacetSet.objects.create(key=key)
        SearchFacetSetValue.objects.bulk_create(
            SearchFacetSetValue(facet_set=facet_set, facet=facet, value=value)
            for facet, value in rows
        )
        documents = documents_by_key[key]
        for start in range(0, len(documents), 5000):
            SearchDocument.objects.filter(offer_id__in=documents[start : start + 5000]).update(
                facet_set=facet_set
            )


def drop_facet_rows(apps, schema_editor):
    """The per-document rows of these facets are no longer read (the "open" filter's
    weekday and date rows stay)."""
    SearchFacet = apps.get_model("directory_search", "SearchFacet")
    SearchFacet.objects.filter(facet__in=FACETS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0010_token_index_covers_weight"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchFacetSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=40, unique=True)),
            ],
            options={"verbose_name": "search facet combination"},
        ),
        migrations.CreateModel(
            name="SearchFacetSetValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("facet", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=100)),
                (
                    "facet_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="directory_search.searchfacetset",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("facet", "value", "facet_set"),
                        name="search_facet_set_value_unique",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="facet_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="directory_search.searchfacetset",
            ),
        ),
        migrations.RunPython(fill_facet_sets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchdocument",
            name="facet_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="directory_search.searchfacetset",
            ),
        ),
        migrations.RemoveField(model_name="searchdocument", name="facet_values"),
        migrations.RunPython(drop_facet_rows, migrations.RunPython.noop),
    ]
