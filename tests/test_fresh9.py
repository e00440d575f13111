"""fresh9 (issue 10): regional and second-language Persian (train39's families, twenty-first session).

New sentences, not corpus lines: Kurdish letters read as the Persian ones; the Gilaki and Mazani «ایتا» (one) before a
noun or a figure, not the messenger Eitaa; Dari and Arabic greetings; «ساغ اولسون / ساغ اولون» opening a question and
«ساغ اول» before a hold asked; what a photo shows told beside a question; the Azeri «یوخ» (no); a job seeker's «کار
دارید؟»; Kurdish «still there»; Dari «papers» and «phone number». And the rows that keep their answer.
"""

from __future__ import annotations

import pytest

from responder.text import canonical, fold
from tests.test_starter_rules import _pack_intents

_intents = _pack_intents  # the general rules plus one pack, gate off (tests/test_starter_rules.py)


@pytest.mark.parametrize(
    ("kurdish", "persian"),
    [
        ("دەستت خۆش کاکه", "دستت خوش کاکه"),  # «ە» inside a word: a vowel Persian does not write
        ("سڵاو، ئەم مێزە هنوز هەیە؟", "سلاو، ئم میزه هنوز هیه؟"),  # «ە» at a word's end: «ه»
        ("ڕەنگی چیە؟", "رنگی چیه؟"),
    ],
)
def test_kurdish_letters_fold(kurdish: str, persian: str) -> None:
    assert fold(kurdish) == fold(persian)
    assert canonical(kurdish) == canonical(persian)


@pytest.mark.parametrize(
    ("pack", "text", "intents"),
    [
        # Kurdish keyboard: the thanks and the «still there» read
        ("home", "دەستت خۆش بێ کاکه", ("thanks",)),
        ("phones", "کاکه ئەو گوشیە هێشتا ماوه؟", ("availability",)),
        ("vehicles", "سڵاو، ماشینەکە هنوز ماوه؟", ("greeting", "availability")),
        # the Gilaki / Mazani «one» before a noun or a figure is no messenger
        ("vehicles", "خانم جان ایتا فیلم از موتور بفرس", ("photos",)),
        ("home", "ایتا سوال، ته کمد چند درب داره؟", ("specs",)),
        ("vehicles", "ایتا ۲۰۶ دارم، معاوضه میکنی؟", ("swap",)),
        # the messenger keeps contact
        ("home", "ایتا دارید؟ اونجا پیام بدم", ("contact",)),
        ("phones", "تو ایتا یه فیلم از صفحش بفرستید", ("contact", "photos")),
        # Dari and Arabic greetings open the message
        ("home", "مانده نباشید، یخچال تان چند است؟", ("greeting", "price")),
        ("vehicles", "شلونك خويه، السيارة موجوده؟", ("greeting", "availability")),
        # «ساغ اول…» opening a question is «please»; before a hold asked, nothing is asked
        ("home", "ساغ اولسون، کمد هنوز هست؟", ("availability",)),
        ("home", "ساغ اول داداش، فرش رو نگه دار تا شنبه", ()),
        ("home", "ساغ اول", ("thanks",)),
        # a photo asked, then «let me see» in it: no visit (the spoken «بفرس», the Dari «روان کنید»)
        ("vehicles", "اتا عکس از صندوق عقب بفرس، فرشش رو ببینم", ("photos",)),
        ("home", "یک عکس از پشت کمد روان کنید لطفا، چوب آن را ببینم", ("photos",)),
        # what a photo shows, told beside a question: no photo asked
        ("phones", "رنگش مشکیه؟ عکسا یه کم آبی نشون میده", ("specs",)),
        # the Azeri «no» refuses («کمتر یوخ»: no less), «یا یوخ» asks
        ("services", "روزی ۵۰۰ بدین میام، کمتر یوخ", ("offer",)),
        ("vehicles", "بیمه داره یا یوخ؟", ("documents",)),
        # a job seeker's «do you have work?», a clause of its own
        ("services", "سلام علیکم، کار دارید؟ مه نجار استم", ("greeting", "availability")),
        ("services", "نمونه کار دارید؟", ("photos",)),
        # Dari «papers» and «phone number»
        ("vehicles", "موتورسیکلت کاغذ دارد؟", ("documents",)),
        ("realestate", "نمره تلفن تان را بدهید", ("contact",)),
    ],
)
def test_fresh9_families(pack: str, text: str, intents: tuple[str, ...]) -> None:
    assert _intents(pack, text) == intents
