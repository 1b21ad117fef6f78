"""REST API: DRF with session and token authentication, pagination everywhere, OpenAPI 3."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous request gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # public_documents: the open query API of normative documents, per client address.
    "DEFAULT_THROTTLE_RATES": {"token": "10/min", "public_documents": "120/min"},
    "EXCEPTION_HANDLER": "fazhi.core.drf.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi 法治政府建设平台 API",
    "DESCRIPTION": "工作台数据接口。所有列表分页；数据范围与页面一致，按用户所在单位和角色限定。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are workspace pages: login first, like everything not public.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
