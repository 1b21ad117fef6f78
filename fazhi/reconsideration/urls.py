"""Staff pages of reconsideration, at /workspace/reconsideration/ (namespace "reconsideration")."""

app_name = "reconsideration"

urlpatterns: list = []
