from django.contrib.staticfiles.apps import StaticFilesConfig


class FazhiStaticFilesConfig(StaticFilesConfig):
    """Collect only what the pages load from the vendored npm packages."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "echarts*.map",
        "echarts.js",
        "package.json",
        "*.ts",
        "*.gz",
        "*.esm*",
        "*.cjs*",
        "*.amd*",
        "echarts.common*",
        "echarts.simple*",
        "extension",
        "ext",
        "*.rtl*",
        "bootstrap-grid*",
        "bootstrap-reboot*",
        "bootstrap-utilities*",
    ]
