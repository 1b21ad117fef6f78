"""The core endpoints: the requesting person, units and people, scoped like the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from . import selectors, services
from .models import Person, Post, Unit
from .policies import Action


class PostSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "unit",
            "unit_name",
            "role",
            "role_display",
            "title",
            "valid_from",
            "valid_to",
        ]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "short_name",
            "uscc",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "address",
            "phone",
        ]
        read_only_fields = ["kind", "depth", "valid_from", "valid_to"]

    def get_parent(self, unit: Unit) -> int | None:
        return getattr(unit, "parent_id", None)


class PersonSerializer(serializers.ModelSerializer):
    posts = PostSerializer(source="active_posts", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "username", "name", "mobile", "email", "posts"]
        read_only_fields = ["username"]


class UnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Units the requester may see; updates need directory management rights."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        action_ = (
            Action.MANAGE_DIRECTORY
            if self.action in ("update", "partial_update")
            else Action.VIEW_DIRECTORY
        )
        return selectors.units_visible(self.request.user, action_)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        selectors.attach_parent_ids(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        unit = super().get_object()
        selectors.attach_parent_ids([unit])
        return unit

    def perform_update(self, serializer):
        changes = {
            k: v for k, v in serializer.validated_data.items() if k in services.UNIT_EDITABLE_FIELDS
        }
        serializer.instance = services.unit_update(
            actor=self.request.user, unit=serializer.instance, **changes
        )
        selectors.attach_parent_ids([serializer.instance])  # the service returns a fresh row

    @extend_schema(responses=PersonSerializer(many=True))
    @action(detail=True, methods=["get"])
    def people(self, request, pk=None):
        """Staff with an active post in this unit."""
        unit = self.get_object()
        page = self.paginate_queryset(selectors.people_of_unit(request.user, unit))
        return self.get_paginated_response(PersonSerializer(page, many=True).data)


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People in the units the requester may see; updates need directory management rights."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        action_ = (
            Action.MANAGE_DIRECTORY
            if self.action in ("update", "partial_update")
            else Action.VIEW_DIRECTORY
        )
        return selectors.people_visible(self.request.user, action_)

    def perform_update(self, serializer):
        changes = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in services.PERSON_EDITABLE_FIELDS
        }
        if not changes:
            raise ValidationError({"detail": "没有可修改的字段。"})
        serializer.instance = services.person_update(
            actor=self.request.user, person=serializer.instance, **changes
        )


@extend_schema_serializer(many=False)  # /api/me/ is a "list" route that answers one object
class MeSerializer(serializers.ModelSerializer):
    posts = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "username", "name", "posts"]

    def get_posts(self, person: Person) -> list[dict]:
        return PostSerializer(selectors.my_posts(person), many=True).data


class MeViewSet(viewsets.ViewSet):
    serializer_class = MeSerializer

    def list(self, request):
        """The requesting person, with their active posts."""
        return Response(MeSerializer(request.user).data)
