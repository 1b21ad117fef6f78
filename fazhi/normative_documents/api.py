"""The public API of normative documents: what /documents/ shows, as JSON, for anyone.

Read-only, no account, throttled per client address. The same query parameters as the portal;
a value that does not parse is ignored, as on the portal. Nothing about commenters is exposed.
With a search (`q`), `count` stops at 1,000 (`search.CAP`) and `count_capped` is true when
more versions match; pages beyond the cap are not reachable.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from fazhi.core.drf import Pagination

from . import search, selectors
from .models import Status, Subject, Version
from .portal_views import PUBLIC_STATUSES, public_query_from


class PublicDocumentsThrottle(AnonRateThrottle):
    scope = "public_documents"


class UnitNameSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class PublicVersionSerializer(serializers.ModelSerializer):
    """A published version as the list shows it; `status` is on the day asked (`on`, or
    today)."""

    issuer = UnitNameSerializer(source="document.issuer", read_only=True)
    subject = serializers.ChoiceField(
        source="document.subject", choices=Subject.choices, read_only=True
    )
    subject_display = serializers.CharField(source="document.get_subject_display", read_only=True)
    status = serializers.ChoiceField(
        choices=PUBLIC_STATUSES, read_only=True, help_text="效力状态（按查询日期计算）"
    )
    status_display = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="门户网站上的文件页面")

    class Meta:
        model = Version
        fields = [
            "id",
            "title",
            "number",
            "doc_number",
            "registration_number",
            "issuer",
            "subject",
            "subject_display",
            "written_on",
            "published_on",
            "effective_on",
            "valid_until",
            "status",
            "status_display",
            "url",
        ]
        read_only_fields = fields

    def get_status_display(self, version: Version) -> str:
        return Status(version.status).label

    def get_url(self, version: Version) -> str:
        return f"/documents/{version.pk}/"


class PublicVersionBriefSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=PUBLIC_STATUSES, read_only=True, help_text="今日效力状态"
    )

    class Meta:
        model = Version
        fields = ["id", "number", "title", "doc_number", "published_on", "effective_on", "status"]
        read_only_fields = fields


class PublicVersionDetailSerializer(PublicVersionSerializer):
    """One published version with its text, its work's other versions and its end, if any."""

    co_issuers = UnitNameSerializer(source="document.co_issuers", many=True, read_only=True)
    ended_on = serializers.DateField(source="document.ended_on", read_only=True, allow_null=True)
    end_kind = serializers.CharField(
        source="document.get_end_kind_display", read_only=True, help_text="废止或宣布失效"
    )
    versions = serializers.SerializerMethodField()

    class Meta(PublicVersionSerializer.Meta):
        fields = [
            *PublicVersionSerializer.Meta.fields,
            "co_issuers",
            "text",
            "ended_on",
            "end_kind",
            "versions",
        ]
        read_only_fields = fields

    @extend_schema_field(PublicVersionBriefSerializer(many=True))
    def get_versions(self, version: Version) -> list[dict]:
        history = selectors.public_history(version)
        return PublicVersionBriefSerializer(history["versions"], many=True).data


QUERY_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="关键词（标题、正文或发文字号；简体、繁体均可；超过100字的部分不参与检索）",
    ),
    OpenApiParameter("issuer", OpenApiTypes.INT, description="制定机关（单位编号），含联合发文"),
    OpenApiParameter("year", OpenApiTypes.INT, description="发布年份"),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[value for value, _ in PUBLIC_STATUSES],
        description="效力状态（按 on 指定的日期计算，默认今天）："
        + "；".join(f"{value} {label}" for value, label in PUBLIC_STATUSES),
    ),
    OpenApiParameter(
        "subject",
        OpenApiTypes.STR,
        enum=Subject.values,
        description="主题分类：" + "；".join(f"{v} {label}" for v, label in Subject.choices),
    ),
    OpenApiParameter(
        "on",
        OpenApiTypes.DATE,
        description="计算效力状态的日期（如 2024-01-01）；"
        "与 status=in_force 合用，即查询该日有效的文件",
    ),
]


class SearchPagination(Pagination):
    """Pages of a search: `count` stops at `search.CAP` and `count_capped` tells when there are
    more matches than that (pages beyond the cap are not reachable)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.queryset = queryset
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        count, capped = search.search_count(self.queryset, self.page.paginator.count)
        response.data["count"] = count
        response.data["count_capped"] = capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"检索结果多于 {search.CAP} 件时为 true（count 即为 {search.CAP}）",
        }
        return schema


@extend_schema_view(
    list=extend_schema(
        summary="查询已公布的行政规范性文件",
        description="与门户网站“统一公开查询”相同的条件；无法解析的参数值将被忽略。",
        parameters=QUERY_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="一件已公布的行政规范性文件",
        description="元数据、正文、今日效力状态及同一文件的各个版本。",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class PublicDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published normative documents, for anyone (统一公开查询)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: every caller is throttled as anonymous
    throttle_classes = [PublicDocumentsThrottle]
    serializer_class = PublicVersionSerializer
    lookup_value_regex = r"[0-9]+"
    pagination_class = SearchPagination

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PublicVersionDetailSerializer
        return PublicVersionSerializer

    def get_queryset(self):
        return selectors.public_versions(public_query_from(self.request.query_params))

    def get_object(self) -> Version:
        return selectors.public_version_get(int(self.kwargs["pk"]))

    def list(self, request, *args, **kwargs):
        try:
            with transaction.atomic():  # a failing search must not spoil the connection
                return super().list(request, *args, **kwargs)
        except DatabaseError:
            page = self.paginate_queryset(Version.objects.none())
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
