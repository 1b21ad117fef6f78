"""Public pages of litigation, at /litigation/."""

app_name = "litigation_portal"

urlpatterns: list = []
