"""Placeholder; filled in by its owner."""
app_name = "enforcement_portal"

urlpatterns: list = []
