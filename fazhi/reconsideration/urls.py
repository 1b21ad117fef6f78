"""Staff pages of reconsideration, at /workspace/reconsideration/ (namespace "reconsideration").

Each action of the case page posts to its own URL, named `case_<action>` (`views.CASE_ACTIONS`);
the actions on a hearing or an incidental review are named by `views.SUB_ACTIONS`."""

from importlib.util import find_spec

from django.urls import include, path

from . import views

app_name = "reconsideration"

case = "cases/<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/new/", views.case_register, name="case_register"),
    path(case, views.case_detail, name="case_detail"),
    *(
        path(
            case + f"{key.replace('_', '-')}/",
            views.case_action,
            {"action": key},
            name=f"case_{key}",
        )
        for key in views.CASE_ACTIONS
    ),
    *(
        path(
            case + f"{key.replace('_', '-')}/<int:sub>/",
            views.sub_action,
            {"action": key},
            name=key,
        )
        for key in views.SUB_ACTIONS
    ),
    path(
        case + "documents/hearing-<int:sub>.docx",
        views.case_document,
        {"kind": "hearing"},
        name="hearing_document",
    ),
    path(case + "documents/<slug:kind>.docx", views.case_document, name="case_document"),
    path("letters/", views.letter_list, name="letter_list"),
    path("letters/new/", views.letter_issue, name="letter_issue"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/reply/", views.letter_reply, name="letter_reply"),
]

# The figures (report_urls.py, namespace-free names `figures` and `figures_export`) are written
# separately; the pages above do not depend on them.
if find_spec("fazhi.reconsideration.report_urls") is not None:
    urlpatterns.append(path("figures/", include("fazhi.reconsideration.report_urls")))
