"""Staff pages of reconsideration, under /workspace/reconsideration/ (namespace "reconsideration")."""

app_name = "reconsideration"

urlpatterns: list = []
