"""responder.masking: personal data out of everything kept or shown (pure, no I/O)."""

from __future__ import annotations

import time

import pytest

from responder.masking import CARD, CODE, EMAIL, HANDLE, IBAN, NUMBER, PHONE, mask

MASKED = [
    # Iranian mobiles, every way buyers type them
    ("09123456789", PHONE),
    ("۰۹۱۲۳۴۵۶۷۸۹", PHONE),
    ("٠٩١٢٣٤٥٦٧٨٩", PHONE),  # Arabic-Indic digits
    ("۰۹12۳۴۵6789", PHONE),  # mixed scripts
    ("0912 345 6789", PHONE),
    ("0912-345-67-89", PHONE),
    ("۰۹۱۲ ۳۴۵ ۶۷ ۸۹", PHONE),
    ("0912.345.6789", PHONE),
    ("0912\u00a0345\u200c6789", PHONE),  # no-break space, ZWNJ
    ("0912 - 345 - 6789", PHONE),
    ("+989123456789", PHONE),
    ("+98 912 345 6789", PHONE),
    ("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", PHONE),
    ("00989123456789", PHONE),
    ("989123456789", PHONE),
    ("9123456789", PHONE),  # the leading 0 dropped
    # landlines: with the area code always; without it only when announced
    ("02188776655", PHONE),
    ("021-88776655", PHONE),
    ("۰۲۱ ۸۸۷۷ ۶۶۵۵", PHONE),
    ("+98 21 8877 6655", PHONE),
    # national ids and postal codes: ten digits
    ("0012345678", CODE),
    ("۱۲۳۴۵-۶۷۸۹۰", CODE),
    # bank cards and IBANs (شبا)
    ("6037991234567890", CARD),
    ("6037-9912-3456-7890", CARD),
    ("۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۰", CARD),
    ("IR06 0170 0000 0012 3456 7890 01", IBAN),
    ("ir060170000000123456789001", IBAN),
    ("۰۶۰۱۷۰۰۰۰۰۰۰۱۲۳۴۵۶۷۸۹۰۰۱", IBAN),  # the 24 digits without IR
    # other long numbers (account numbers, tracking codes …)
    ("1101234567001", NUMBER),
    ("12345678901234", NUMBER),
    # e-mail and handles
    ("ali.rezaei+shop@gmail.com", EMAIL),
    ("x_y@mail.example.ir", EMAIL),
    ("@ali_shop", HANDLE),
]


@pytest.mark.parametrize(("value", "label"), MASKED)
def test_masked_alone(value, label):
    assert mask(value) == label


@pytest.mark.parametrize(("value", "label"), MASKED)
def test_masked_inside_persian_text(value, label):
    assert mask(f"سلام، این {value} منه. ممنون") == f"سلام، این {label} منه. ممنون"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شماره‌م09123456789ه", f"شماره‌م{PHONE}ه"),  # glued to letters
        ("call me at 0912-345-6789.", f"call me at {PHONE}."),  # the full stop stays
        ("تلفن: ۸۸۷۷۶۶۵۵", f"تلفن: {PHONE}"),  # a landline announced as one
        ("شماره تماس ۸۸۷۷۶۶۵۵ هست", f"شماره تماس {PHONE} هست"),
        ("tel 8877 6655", f"tel {PHONE}"),
        ("ایمیلم ali@x.com و آیدی @ali_shop و ۰۹۱۲۳۴۵۶۷۸۹", f"ایمیلم {EMAIL} و آیدی {HANDLE} و {PHONE}"),
        ("0912 345 6789\n0935 111 2233", f"{PHONE}\n{PHONE}"),  # a line break ends a number
    ],
)
def test_masked_in_context(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "قیمتش چنده؟",
        "قیمت ۴۵,۰۰۰,۰۰۰ تومان",  # prices: thousands separators
        "قیمت 45000000",  # eight bare digits are a price, not a phone
        "۴۵ میلیون، آخرش ۴۳",
        "سال ۱۴۰۲ کارکرد ۱۲۰ هزار",
        "تاریخ ۱۴۰۲/۰۵/۱۲ ساعت ۱۸:۳۰",
        "قیمت ۴۵۰۰۰۰۰۰\n۱۲",  # numbers on two lines are not joined
        "iPhone 13 Pro Max 256GB",
        "VIN IRJC95R23KJ039206",  # Divar's own example VIN: short digit runs
        "شماره شاسی ۱۲۳۴۵۶۷",  # «شماره» not right before the number
        "email me @ home",
        "a@b",
    ],
)
def test_left_alone(text):
    assert mask(text) == text


def test_idempotent():
    text = "شماره‌م ۰۹۱۲ ۳۴۵ ۶۷۸۹، کارت ۶۰۳۷۹۹۱۲۳۴۵۶۷۸۹۰، a@b.co، تلفن ۸۸۷۷۶۶۵۵"
    assert mask(mask(text)) == mask(text)
    assert not any(ch.isdigit() for ch in mask(text))


@pytest.mark.parametrize(
    "hostile",
    ["a" * 60_000 + "@", "۱ " * 30_000, "تلفن ۱۲ " * 8_000, "x@" * 30_000, "IR" * 30_000, "." * 60_000, "1-" * 30_000],
)
def test_linear_time_on_hostile_input(hostile):
    started = time.perf_counter()
    mask(hostile)
    assert time.perf_counter() - started < 0.5
