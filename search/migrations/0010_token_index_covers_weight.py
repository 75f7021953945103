"""On PostgreSQL the token index carries each row's weight, so ranking reads a query's
tokens from the index alone. SQLite cannot store extra columns in an index (Django would
leave the constraint out there altogether), so it keeps the plain one."""

from django.db import migrations

TABLE = "directory_search_searchtoken"


def cover_weight(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT search_token_unique")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT search_token_unique "
            "UNIQUE (token, document_id) INCLUDE (weight)"
        )


def plain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT search_token_unique")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT search_token_unique UNIQUE (token, document_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0009_document_facet_values"),
    ]

    operations = [migrations.RunPython(cover_weight, plain)]
