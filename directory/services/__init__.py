"""Every write to the directory goes through a service here; views, commands and
importers call these, never the ORM directly. One module per aggregate:

- `offers`: saving offers as revisions (draft or published)
- `names`: providers, topics, districts found or created by name; unique slugs
- `freshness`: reminders to providers and their signed answers
- `problem_reports`: reports of wrong listings from the public site
- `sharing`: shortlists shared by link, and their expiry
- `invitations`: accounts created by invitation
"""

from .names import named, unique_slug
from .offers import offer_latest_content, offer_save

__all__ = ["named", "offer_latest_content", "offer_save", "unique_slug"]
