from django.urls import path

from . import views

urlpatterns = [
    path("", views.api_root, name="hsds_root"),
    path("openapi.json", views.openapi_document, name="hsds_openapi"),
    path("services", views.service_list, name="hsds_services"),
    path("services/<path:identifier>", views.service_detail, name="hsds_service"),
    path("organizations", views.organization_list, name="hsds_organizations"),
    path("organizations/<path:identifier>", views.organization_detail, name="hsds_organization"),
    path(
        "service_at_locations",
        views.service_at_location_list,
        name="hsds_service_at_locations",
    ),
    path(
        "service_at_locations/<path:identifier>",
        views.service_at_location_detail,
        name="hsds_service_at_location",
    ),
    path("taxonomies", views.taxonomy_list, name="hsds_taxonomies"),
    path("taxonomies/<path:identifier>", views.taxonomy_detail, name="hsds_taxonomy"),
    path("taxonomy_terms", views.taxonomy_term_list, name="hsds_taxonomy_terms"),
    path("taxonomy_terms/<path:identifier>", views.taxonomy_term_detail, name="hsds_taxonomy_term"),
]
