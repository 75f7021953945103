"""Open data for other systems: the Open Referral HSDS 3.0 read API (`/api/hsds/`)."""
