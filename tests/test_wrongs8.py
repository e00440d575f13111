"""wrongs8 (fifteenth session): wrong answers of the fresh writers train23 to train25, by family.

New sentences, not corpus lines: each row is a form of a family the rules answered wrongly (a goodbye after
«ok» with a word of address, a blessing that opens a request, a decline signed with a thanks, the city Sanandaj
read as «سند», the buyer's papers for an installment deal, the item taken to an inspector), and the rows that
must keep their answer.
"""

from __future__ import annotations

import pytest

from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # «ok <word of address>, bye (for now)»: closes the chat, no thanks to answer (the label contract's `none`)
        ("home", "باشه داداش، فعلا خداحافظ", ()),
        ("vehicles", "خب پس باشه، تا بعد خدافظ رفیق", ()),
        ("phones", "اوکی باشه دیگه، خداحافظ تا بعد", ()),
        ("home", "باشه عزیزم، شب بخیر و خوش", ()),
        ("home", "خداحافظ", ("thanks",)),  # a bare goodbye stays a thanks
        ("home", "باشه مرسی خداحافظ", ("thanks",)),
        # a blessing that opens a request is «please», not a thanks
        ("home", "خدا خیرتون بده، شماره‌تون رو بدید", ("contact",)),
        ("vehicles", "خدا خیرت بده، ۳۵۰ بدی همین امروز میبرم", ("offer",)),
        ("realestate", "وای چه پذیرایی بزرگی! خدا خیرت بده، بگو کی بیام ببینم", ("visit",)),
        ("home", "ساغ اول، عکسلری گوندر", ("photos",)),
        ("home", "خدا خیرتون بده، زحمت کشیدید", ("thanks",)),  # a thanks after the blessing: still a thanks
        ("home", "خدا خیرت بده، عکسشو بفرست، مرسی", ("photos", "thanks")),  # a closing thanks stays
        # a decline the thanks signs: the buyer bought elsewhere, it is too big, too dear, the need is gone
        ("home", "این کمد برامون خیلی بزرگه، ممنون", ()),
        ("phones", "یه گوشی دیگه خریدم، مرسی", ()),
        ("phones", "والا برای ما بالاس، ممنون", ()),
        ("services", "لوله خودش درست شد، مرسی", ()),
        ("phones", "مامانم برام یه تبلت نو خرید، خداحافظ", ()),
        ("home", "خیلی ممنون، ولی مبل لازم نیست دیگه", ()),
        # Sanandaj folds to «سندج», which «سند» (deed) starts
        ("vehicles", "خودرو در سنندج کجاست؟", ("location",)),
        ("realestate", "این واحد تو کدوم محله سنندجه؟", ("location",)),
        ("vehicles", "سندش به نام خودته؟", ("documents",)),
        # the last (floor) price: Finglish with the ezafe, «کف قیمت»
        ("home", "gheymate akharesh chand?", ("negotiation",)),
        ("vehicles", "کف قیمتتون چنده؟", ("negotiation",)),
        # «چند ساله که استفاده شده؟»: the time in use (specs), not used-or-new
        ("phones", "هدفونت چند ساله که استفاده شده؟", ("specs",)),
        ("phones", "این لپ تاپ چند ماهه که استفاده شده؟", ()),  # not used-or-new; no rule reads the months here
        # the buyer's papers and guarantee cheque for an installment deal are installments, not the item's papers
        ("phones", "واسه خرید قسطی چه مدرکی میخواید؟", ("installments",)),
        ("home", "اقساطی میدید؟ چک ضمانت میخواد؟", ("installments",)),
        ("vehicles", "قسطی هم میدی؟ مدارکش کامله؟", ("installments", "documents")),
        # the item taken to an inspector is a visit (label contract), nothing delivered
        ("vehicles", "خودرو رو میارید کارشناسی؟", ("visit",)),
        ("vehicles", "ماشینو میاری تا کرج؟", ("delivery",)),
        # a handover in person asks where, nothing sent
        ("phones", "تحویل حضوری کجای کرج میدی؟", ("location",)),
        ("phones", "با پست ارسال میکنید؟", ("delivery",)),
        # a flat's use changed is no deposit converted; the flat for rent still there is availability
        ("realestate", "امکان تبدیل به دفتر کار داره؟", ()),
        ("realestate", "رهنش قابل تبدیله؟", ("rent_terms",)),
        ("realestate", "ejare hanoz hast?", ("availability",)),
        # the buyer's own number written out asks for none of the seller's
        ("home", "شماره من ۰۹۱۷۲۲۲۵۵۶۶ هست، اگه صندلی هم داشتی خبر بده", ()),
        ("phones", "شماره خودم اینه ۰۹۳۸۴۴۴۱۱۲۲", ()),
        ("home", "شماره‌تون رو بدید لطفا", ("contact",)),
    ],
)
def test_wrongs8_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
