"""The directory in Wagtail's admin: snippet viewsets (`viewsets`), the offer editor's
tabs (`offer_editor`), our own admin pages (`views`, on the shared `base`), their forms,
listing filters, dashboard and editor panels, and bulk actions.
`directory/wagtail_hooks.py` only registers these."""
