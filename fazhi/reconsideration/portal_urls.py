"""Public pages of reconsideration, at /reconsideration/."""

app_name = "reconsideration_portal"

urlpatterns: list = []
