"""Identity numbers of citizens and organizations: checked by their check characters, and
masked for the public.

- 公民身份号码 (GB 11643-1999): 17 digits and a check character (mod 11-2, ISO 7064); digits
  7–14 are the date of birth.
- 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet, the last a check
  character (mod 31).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

from .models import USCC_VALIDATOR

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015 §4.2)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str:
    """The empty string for a valid unified social credit code, else why not (Chinese)."""
    if len(code) != 18:
        return f"统一社会信用代码“{code}”应为 18 位，实际为 {len(code)} 位。"
    try:
        USCC_VALIDATOR(code)
    except ValidationError:
        return (
            f"统一社会信用代码“{code}”含有不允许的字符"
            "（只能是数字和除 I、O、Z、S、V 以外的大写字母）。"
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码“{code}”的校验码错误（第18位应为 {expected}），请核对。"
    return ""


def id_check_char(first17: str) -> str:
    """The 18th character of a citizen identity number (GB 11643-1999)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(code: str, today: date | None = None) -> str:
    """The empty string for a valid 18-digit citizen identity number, else why not (Chinese):
    its shape, its date of birth and its check character."""
    if not _ID_SHAPE.match(code):
        return f"身份证号码“{code}”应为 18 位：17 位数字加 1 位数字或 X。"
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return f"身份证号码“{code}”中的出生日期（第7至14位）不是有效日期。"
    if born.year < 1900 or born > (today or date.today()):
        return f"身份证号码“{code}”中的出生日期（第7至14位）不合理。"
    expected = id_check_char(code[:17])
    if code[17] != expected:
        return f"身份证号码“{code}”的校验码错误（第18位应为 {expected}），请核对。"
    return ""


def normalize_code(code: str) -> str:
    """Full-width characters, spaces and a lower-case x as people type them, made canonical."""
    import unicodedata

    return unicodedata.normalize("NFKC", code or "").replace(" ", "").strip().upper()


def mask_name(name: str) -> str:
    """ "张三" → "张*", "欧阳娜娜" → "欧***"."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_code(code: str) -> str:
    """An identity number keeps its first 3 and last 2 characters: "110***********12"."""
    code = (code or "").strip()
    if len(code) <= 5:
        return "*" * len(code)
    return code[:3] + "*" * (len(code) - 5) + code[-2:]
