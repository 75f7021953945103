"""The public site's views, one module per kind of page: `results`, `offers`,
`providers`, `shortlist` (with the referral sheet and shared lists), `problem_reports`
and `freshness` (providers' answers to reminders). Their URLs are in `cms/urls.py`,
their forms in `cms/forms.py`, their templates in `templates/cms/`.

The content pages (home, life stages) are Wagtail pages in `cms/models.py`."""
