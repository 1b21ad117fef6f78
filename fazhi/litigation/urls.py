"""Staff pages of litigation, under /workspace/litigation/ (namespace "litigation")."""

app_name = "litigation"

urlpatterns: list = []
