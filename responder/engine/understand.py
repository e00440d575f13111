"""Reading a buyer's message beyond keywords: clauses, negation, «فقط», number offers.

Pure functions over the engine's marked fold (:func:`responder.text.fold_marked`): words
joined by spaces, a ``|`` word where punctuation ended a clause.  The matcher finds every
keyword with its position; these functions say which of those positions still count:

* A keyword in a *negated* clause does not trigger: «قیمت رو نمیخوام بدونم، فقط بگید
  موجوده؟» asks about availability only.  A clause is negated by a «don't want / no need»
  phrase (نمیخوام، لازم نیست …) or a standalone «نه» (but not «… یا نه؟», "or not?", nor «اگه نه …», "if not").
* «فقط …» marks the real question: when the clause it opens holds a question, questions
  asked elsewhere in the message are dropped (greetings and thanks stay).
* A clause that asks «چرا …» (why) wants a reason no rule gives: its keywords do not
  trigger either («چرا عکسا تاره؟», «چرا میفروشی؟»), nor those of the question right after it,
  the buyer's guess at the reason («چرا میفروشی؟ مشکلی داره؟»).
* A clause that opens with a retraction («ولش کن», «بیخیال», «پشیمون شدم», «هیچی») takes back
  the questions asked before it: «قیمتش چنده... ولش کن پشیمون شدم» asks nothing.
* Clauses end at punctuation and at «ولی», «اما», «فقط».  «و» does not end one: «قسط و
  معاوضه نمیخوام» negates both, and «خط و خش» is one phrase.

Number offers («۴۰ میدم بدی؟», «۳۵ تومن نقد میخری؟») are found on the canonical text (digits
in Latin, ZWNJ dropped) so that «۴.۵» stays one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from responder.text import ASKED, CLAUSE, clean, fold, read_finglish, unmarked

# Phrases that negate the clause they are in (folded forms: no ZWNJ, «می» glued).
_NEGATORS = (
    "نمیخوام", "نمیخام", "نمیخواهم", "نمیخوایم", "نمیخواستم", "نخواستم", "نمیخواد", "نمیخاد",
    "لازم ندارم", "لازم نیست", "لازم نداره", "نیاز ندارم", "نیازی نیست", "نیاز نیست", "نیازی ندارم",
    "کاری ندارم", "کار ندارم", "مهم نیست", "اهمیتی نداره", "نپرسیدم", "نمیپرسم", "بیخیال",
    "نمیخوام بدونم", "نمیخوام بپرسم", "نگو", "نگید", "نگین", "نپرس", "ولش کن",
    # «don't» said to the seller: «تماس نگیرید», «زنگ نزنید», «عکس نفرستید» ask for nothing
    "نگیر", "نگیرید", "نگیرین", "نزن", "نزنید", "نزنین", "نفرست", "نفرستید", "نفرستین",
    # «پست نکن، خودم میام», «ارسال نکنید»: «don't» again
    "نکن", "نکنید", "نکنین",
    # «میتونی بفرستی شیراز؟ خودم نمیتونم بیام»: coming is ruled out, not asked
    "نمیتونم بیام", "نمیتونیم بیایم", "نمیتونیم بیاییم", "نمیتونیم بیام", "نمیرسم بیام",
    # «مصاحبه رو ولش، …» (forget the interview), «هزینه رو بعدا میپرسم، …» (I'll ask later): set aside, not asked
    "ولش", "بعدا میپرسم", "بعدا میپرسیم", "بعد میپرسم",
)  # fmt: skip
_NEGATION = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, _NEGATORS)) + r")(?= |$)")
_NO = re.compile(r"(?:^| )نه(?= |$)")
# «چند نفرست؟», «هفت نفرست»: seats («نفره است»), not «نفرست» (don't send)
_SEATS = re.compile(r"(?:^| )(?:چند|چن|\d+|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|دوازده) نفرست(?= |$)")
_NOT_NEEDED = re.compile(r"(?:^| )(?:نمیخواد|نمیخاد|لازم نیست|لازم نداره|نیاز نیست|نیازی نیست|لازمه نیست)(?= |$)")
_I_DONT = re.compile(r"(?:^| )(?:نمیخوام|نمیخام|نمیخواهم|نخواستم|ندارم|نگو|نگید|نپرس|بیخیال)(?= |$)")
_WHY = re.compile(r"(?:^| )(?:چرا|chera)(?= |$)")
# A question word: the clause after a «why» that holds one asks something new («چرا جواب نمیدی؟ آدرس کجاست؟»),
# one without is a yes/no guess at the reason («چرا میفروشی؟ مشکلی داره؟»)
_WH = re.compile(r"(?:^| )(?:کجا\S*|چند\S*|چن|چقدر\S*|چقد\S*|کی|چی|چیه|چه|کدوم\S*|کدام\S*|چطور\S*|چجوری|آدرس\S*|ادرس\S*)(?= |$)")
# «… به نظرت؟», «نظرتون چیه؟»: the seller's opinion is asked («بهتره یا …؟», «چقد درمیاد به نظرت؟»): no rule gives one
# «ال جی بهتره یا سامسونگ؟», «بیمه‌ی کدوم شرکت بهتره؟»: which of two or more is better, an opinion too (all such CV
# lines are `none`; «رم بیشتر بهتره؟» alone may still be read as a question about the item)
_OPINION = re.compile(
    r"(?:^| )(?:به نظرت|به نظرتون|به نظرتان|به نظر شما|نظرت|نظرتون|نظر شما|(?:بهتره|بهترن|بهتر است|ارزونتره|ارزونترن|ارزانتره|ارزانترن) یا|"
    r"کدوم (?:\S+ ){0,3}?(?:بهتره|ارزونتره|ارزانتره))(?= |$)"
)
# «شیائومی‌ها معمولا باتریشون زود خراب میشه؟», «کلاس رانندگی معمولا چند جلسه لازمه؟»: what is usual for the
# kind of product or trade is general knowledge, not a question about this item; no rule answers it (all
# such CV lines are `none`).  Not «کلا» («کلا چند؟» asks the total).
_USUALLY = re.compile(r"(?:^| )(?:معمولا|عموما|اکثرا|معمولن)(?= |$)")
# «فرق فرش ۷۰۰ شونه با ۱۰۰۰ شونه چیه؟», «بیمه رو چطوری خودم رد کنم؟»: how two kinds differ, how the buyer
# does a thing himself: general knowledge too.  Not when «این» points at the item («فرق این با مدل قبلی؟»),
# nor «… با سابقه فرق داره؟», «فرق داره با عکس؟» (whether it differs, not what the difference is).
_KNOWLEDGE = re.compile(r"^(?:\S+ )?(?:فرق|تفاوت) (?!این|اینو|اینا)(?:\S+ )+با (?:\S+ )*(?:چیه|چیست|چی|چیا)$|(?:^| )(?:چطوری|چجوری|چطور) خودم(?= |$)|(?:^| )خودم (?:چطوری|چجوری|چطور)(?= |$)")
# «۱۹ سالمه سربازی نرفتم», «من ۱۷ سالمه مامانم اجازه نمیده»: the buyer's age told, not asked (personal chatter,
# the label contract's `none`); said with «؟» («۲۲ سالمه، قبول میکنید؟») the clause still asks.
_AGE_TOLD = re.compile(r"(?:^| )\d{1,2} (?:سالمه|سالم است|سالمه ها)(?= |$)")
# «وام قرض‌الحسنه از صندوق محل کارمون گرفتم», «کارت پایان خدمتم تازه اومده», «مرخصی ساعتی گرفته‌ام که …», «تازه گواهینامه
# گرفتم», «شماره رو اشتباه گرفتم»: what the buyer got or what just came to him, told (every such corpus clause without «؟»
# is `none`): its loan, card, leave or number are his own, not this item's or this job's terms. Asked («تازه اومده؟») it counts.
_GOT_TOLD = re.compile(r"(?:^| )(?:گرفتم|گرفتیم|گرفتهام|گرفته ام|گرفته بودم|gereftam|تازه (?:اومده|اومد|رسیده|رسید))(?= |$)")
# «قیمت طلا بالا رفته», «اجاره‌ها تو این محله رفته بالا», «بنزین گرون شده»: a remark on the market, not a
# question about this item's price or rent (all such CV lines are `none`).
# «قیمت دلار امروز چنده؟», «ghimat sekke chande?», «سه هزار درصد تورم داریم اونوقت حقوقا همونه»: the price of
# a currency, gold or fuel, inflation: the market again, never this item's price or this job's pay (all such CV
# lines are `none`).  Folded forms: «ghimat gaz» folds to «قیمت gaz»; «قیمت گاز» alone may be a stove's («گاز رومیزی»).
_MARKET = re.compile(
    r"(?:^| )(?:رفته بالا|بالا رفته|رفتن بالا|بالا رفتن|گرون شد|گرون شده|گرون شدن|گران شد|گران شده|گران شدن|تورم|گرونی|"
    r"(?:قیمت|نرخ) (?:دلار|یورو|ارز|طلا|سکه|بنزین|گازوئیل|گاز و برق|برق|gaz))(?= |$)"
    # «دستمزد کارگر ساده امسال چقد شده؟», «اجاره‌ها چقدر شده این روزا؟»: how a price moved this year, these days
    r"|(?:^| )(?:امسال|این روزا|این روزها) (?:\S+ ){0,2}?(?:چند|چقدر|چقد) شده(?= |$)|(?:^| )(?:چند|چقدر|چقد) شده (?:\S+ )?(?:امسال|این روزا|این روزها)(?= |$)"
)
# «مدرک فنی حرفه‌ای کجا میدن؟», «شارژر اصل از کجا بخرم؟», «کجا میشه فرش شست ارزون؟», «بیمه‌مو کجا تمدید کنم؟»:
# where «they» sell or give a thing, where the buyer should buy, learn or renew it: general knowledge about
# somewhere else, not this item's or this job's place (all such CV lines are `none`; «کجا میشه دید / تحویل
# گرفت؟» and «رزومه رو کجا بفرستم؟» still ask the seller).
_ABROAD = tuple(f"{at} {place}" for at in ("تو", "توی", "در")
                for place in ("دبی", "ترکیه", "استانبول", "آلمان", "کانادا", "آمریکا", "امریکا", "اروپا", "عراق"))
_ELSEWHERE = re.compile(
    r"(?:^| )کجا (?:\S+ )?(?:میدن|میفروشن|بخرم|بخریم|تمدید کنم|ثبت نام کنم|ثبتنام کنم|یاد بگیرم)(?= |$)"
    r"|(?:^| )کجا (?:میشه|میتونم) (?:\S+ ){0,2}(?:شست|خرید|بخرم|یاد گرفت|پیدا کرد|تعمیر کرد)(?= |$)"
    # «کجا تمدیدش کنم ارزونتره؟», «کجا تعمیرش کنم؟»: the buyer's own errand
    r"|(?:^| )کجا (?:\S+ )?(?:تمدیدش|تعمیرش|درستش|تعمیر|درست) کنم(?= |$)"
    # «قیمت آیفون ۱۶ تو دبی چنده؟», «دستمزد کارگر تو ترکیه چقدره؟»: prices and pay abroad, general knowledge
    r"|(?:^| )(?:" + "|".join(_ABROAD) + r")(?= |$)"
)
# «یخچالم برفک زده چیکار کنم؟», «بیمه بیکاری چجوری میشه گرفت؟ کسی میدونه؟»: advice for the buyer's own trouble,
# or a question put to anyone who knows: not asked of the seller about this item, and it takes the clauses
# before it along («یخچال خودم صدا میده، چیکار کنم؟»). All such CV lines are `none`.
_ADVICE = re.compile(r"(?:^| )(?:(?:چیکار|چکار|چی کار|چه کار|چیکارش|چکارش|چیکارشون) (?:کنم|کنیم|باید بکنم)|کسی (?:میدونه|میدونید|میدونین|خبر داره|خبر دارید|خبر دارین))(?= |$)")
# «میخواستم بپرسم جنسش چیه، ولی اون یکی آگهی رو خریدم», «ابعادو میخواستم بپرسم، دیدم نوشتین»: «I meant to
# ask», then the message goes on with no question: the buyer tells why he no longer asks.  Said as a polite
# question («میخواستم بپرسم هنوز هست؟», or a question after it) it still counts (see :func:`clauses`).
_MEANT_TO_ASK = re.compile(r"(?:^| )(?:میخواستم|میخاستم) (?:\S+ ){0,3}?(?:بپرسم|بدونم)(?= |$)")  # «میخواستم قیمت بپرسم ولی …»
# «میخواستم بپرسم هنوز موجوده، ممنون»: a clause of thanks after it tells nothing, so the question stands
_COURTESY = frozenset(fold(w) for w in {"ممنون", "ممنونم", "مرسی", "مرسیی", "تشکر", "متشکرم", "مچکرم", "سپاس", "سپاسگزارم", "لطفا", "قربونت",
                       "قربانت", "دمت", "گرم", "خدانگهدار", "خداحافظ", "فعلا"})  # fmt: skip  (folded: «ممنون» is «منون»)
# «… یا نه؟» (or not?) and «اگه نه …» (if not, …: «عوض میکنی؟ اگه نه آخرش چند؟») say «نه» without negating
_OR_NOT = re.compile(r"(?:^| )(?:یا|اگه|اگر)(?: هنوز| اینکه| اینکه هنوز| که)? نه(?= |$)")  # «گرفته یا هنوز نه؟» asks, negates nothing
_BREAK_WORDS = frozenset({"ولی", "اما", "فقط", "منتها"})
# «دوگانه سوزه یا فقط بنزین میخوره؟», «گوشی میخوام که فقط واتساپ بگیره»: «فقط» after «یا» / «که» is «only» inside
# the question (the other alternative, a description), not «just tell me …»: it neither ends the clause nor drops the rest
_ONLY_AS_ALTERNATIVE = frozenset({"یا", "که"})
# «… ولی ولش کن»: a clause opened by «ولی / اما» (they end the clause before) may retract as well
_RETRACT = re.compile(
    # «معاوضه میکنی؟ نه اصلا بیخیال، نقد چند؟»: up to two words of «no» before it
    r"^(?:(?:ولی|اما|منتها) )?(?:(?:نه|اصلا|آها|اها) ){0,2}(?:ولش|بیخیال|پشیمون|پشیمان|هیچی)(?= |$)"
    # «… ولی ظاهرا فروش رفته، مهم نیست», «رهن چنده؟ دیدم نوشتین، سوالی ندارم»: a clause that is only «never mind»
    # or «I have no question» takes back what was asked before it («قیمت مهم نیست، فقط …» is not one: more words)
    r"|^(?:(?:ولی|اما|منتها) )?(?:(?:نه|اصلا|دیگه|خب) ){0,2}(?:مهم نیست|مهم نی|سوالی ندارم|سوال ندارم|سوالی نیست)$"
    # «عکس بفرستید... نه نمیخواد»: a clause opened by «نه» and «no need» takes back the request before it
    r"|^(?:(?:ولی|اما|منتها) )?نه (?:نه )?(?:نمیخواد|نمیخاد|لازم نیست|لازم نداره|نیاز نیست|نیازی نیست)(?= |$)"
    # «فردا میام مصاحبه... نه، نمیتونم», «گفتم بیام ببینم ولی نمیتونم»: a clause that is only «I can't» takes back the plan before it
    r"|^(?:(?:ولی|اما|منتها) )?(?:نه )?نمی ?تونم$"
    # «حقوقش چنده؟ ... ببخشید اشتباه شد»: the message before was sent by mistake (folded: «ببخشید» → «بخشید»)
    r"|^(?:(?:بخشید|بخشین|بخش|سوری|sorry) )?(?:اشتباه|اشتباهی) (?:شد|شده|فرستادم|نوشتم|پیام دادم|بود)(?= |$)"
)
# ── senses: a keyword said about something other than this item or this deal ──────────
# «ممنون که عکس فرستادی 🌹», «مرسی بابت آدرس», «از تماستون ممنون»: thanks for what the seller already did;
# the thing thanked for is not asked again (a statement: a clause ended by «؟» still asks).  Not «ممنون میشم
# عکس بفرستید» (I'd be grateful if …: a request).  The message is read for it only when the thanks word comes
# with «که / بابت / از» (READING_MARKERS; a bare «ممنون» is in too many messages): «از تماستون ممنون» is read
# this way only when another marker made the message worth reading.
_THANKS_WORDS = "|".join(sorted({fold(w) for w in ("ممنون", "ممنونم", "مرسی", "مرسیی", "تشکر", "متشکرم", "مچکرم", "سپاس",
                                                   "سپاسگزارم", "merci", "mersi")}))  # fmt: skip
_THANKS_FOR = re.compile(
    r"(?:^| )(?:خیلی )?(?:" + _THANKS_WORDS + r") (?:که|بابت|از)(?= )"
    r"|(?:^| )از (?:\S+ ){1,4}(?:" + _THANKS_WORDS + r")(?: \S+)?$"
)
# «متراژ خونه خودمون ۷۰ متره», «یخچال خودم برفک زده», «بیمه تکمیلی خودم رو چطوری تمدید کنم؟»: the buyer's own
# thing (a noun, then «خودم»), not the item: its specs, condition or papers are not asked of the seller.  Not
# the emphatic «خودم میام» (the word before is a verb or a small word), not a thing the buyer brings to the deal
# («با گوشی خودم عوض میکنی؟», «با ماشین خودم میتونم کار کنم؟»: «با» before it), nor a swap.
_OWN = re.compile(r"(?:^| )(?P<noun>\S+) (?:خودم|خودمون|خودمان|خودمو|خودمونو|خودمم|خودمه)(?: (?P<next>\S+))?(?= |$)")
# «اگه سالمه خودم میام میبرم»: «خودم» before a verb of the deal is «I myself», whatever the word before it
_MYSELF_VERB = frozenset(fold(w) for w in ("بیام", "برم", "ببرم", "بگیرم", "بیارم", "بخرم", "بکنم", "بزنم", "ببینم", "بدم", "بیایم", "ببریم"))
_OWN_NOT_NOUN = frozenset(fold(w) for w in (
    "من", "ما", "از", "با", "پای", "مال", "برای", "برا", "واسه", "که", "یا", "و", "رو", "را", "هم", "اگه", "اگر", "بعد",
    "ولی", "اما", "الان", "فقط", "شاید", "خب", "نه", "آره", "حتما", "باید", "خودم", "اینجا", "بعدا", "دیگه", "اول",
    "نیست", "هست", "است", "لازم", "نمیخواد", "اصلا", "کلا", "تا", "به", "بدید", "بدین", "بده", "راستش", "چون", "چرا"))  # fmt: skip
_SWAP_WORDS = re.compile(r"(?:^| )(?:عوض|معاوضه|تاخت|تهاتر|معاوضش|عوضش)")
# «رویه کوب خوب سراغ دارید؟», «باربری ارزون میشناسید؟», «یه بنگاه مطمئن معرفی کنید»: someone else is asked for, not this item
_REFERRAL = re.compile(r"(?:^| )(?:سراغ (?:داری|دارید|دارین|داره|دارن)|میشناسی|میشناسید|میشناسین|معرفی (?:کن|کنید|کنین|کنی)|معرفیم (?:کن|کنید|کنین))(?= |$)")
# «بهترین منطقه تهران برای سرمایه‌گذاری کجاست؟», «ارزونترین بیمه کدومه؟»: the best of a kind, asked in general (an
# opinion; «بهترین قیمتت چنده؟» asks the last price: not «کجا» / «کدوم»)
_BEST_WHERE = re.compile(r"(?:^| )(?:بهترین|ارزونترین|ارزانترین|بهترینش) (?:\S+ ){0,5}?(?:کجا\S*|کدوم\S*|کدام\S*)(?= |$)")
# «آدم نمیدونه کجا بره», «نمیدونم کجا بفرستمش»: the speaker's own not knowing, told, not asked of the seller
_UNSURE = re.compile(r"(?:^| )(?:نمیدونم|نمیدونه|نمیدونیم|نمیدونن|nemidone|nemidonam|nemidunam|nemidune) (?:\S+ ){0,2}?(?:کجا|چیکار|چکار|چطوری|چجوری|koja)(?= |$)")
# «شما خودتون کجا میرید زندگی کنید؟»: the seller's own plans, personal chatter
_YOUR_PLANS = re.compile(r"(?:^| )(?:خودتون|خودت|شما) (?:\S+ )?کجا (?:میرید|میرین|میری|میرن|میخواید|میخوای|میخواین)(?= |$)")
# «تصادف دیروز تو اتوبان رو دیدی؟», «آقا شما دیروز زنگ زدید؟», «بیمه ماشین خودم دیروز تموم شد»: what happened
# yesterday or last night is a story, or asks about an event, never a question about the item now
_YESTERDAY = re.compile(r"(?:^| )(?:دیروز|دیروزم|پریروز|دیشب|دیشبم)(?= |$)")
# «تعویض روغن رو هر چند کیلومتر باید انجام داد؟»: what one must do (impersonal «باید» and a short infinitive):
# general know-how, not a question about this item (not as an alternative: «بازسازی شده یا باید دستش برد؟»)
_ONE_MUST = re.compile(r"^(?!.* یا )(?:.* )?باید (?:\S+ )?(?:داد|کرد|زد|گرفت|شست|خرید|رفت|برد|گذاشت|عوض کرد)$")
# «yadet miad ba ham madrese miraftim?», «چه خبرا؟ کجایی این روزا؟»: chatter between acquaintances; a bare
# «کجایی؟» beside it asks where the seller has been, not where the item is
# «سند ماشینم رو گرو گذاشتم», «من ۳ سال تو رستوران کار کردم», «یه شماره ناشناس افتاده بود»: the buyer's story, told
# (a clause not asked that ends in «I did», or holds a past perfect); not a plan put as a condition («اگه سالمه خریدم»),
# nor the buyer restating his question («قیمت نپرسیدم، ابعادشو پرسیدم»)
_STORY_END = re.compile(r"(?:^| )(?P<verb>(?!می|نمی|ب)\S+(?:دم|(?<!س)تم))(?:ش|شون)?$")  # not «هستم», «نیستم» (I am); «فروختمش»
_STORY_NOT = frozenset(fold(w) for w in ("هفتم", "هشتم", "بیستم", "سیستم", "آدم", "ادم", "قدم", "مردم", "گندم", "داشتم",
                                          "خواستم", "نخواستم", "پرسیدم", "نپرسیدم", "گفتم", "نگفتم", "خودم", "خواهشمندم", "شرمندم", "بلدم", "فرزندم", "دردم", "دستم", "قصدم", "هدفم", "منظورم"))  # fmt: skip
_STORY_INSIDE = re.compile(r"(?:^| )(?P<verb>(?!می|نمی|ب)\S+(?:دم|(?<!س)تم))(?= )")
# «آگهیتونو دیدم میخواستم بدونم هنوز هست»: a polite question after the story
_WISH_TO_KNOW = re.compile(r"(?:^| )(?:بدونم|بدانم|بفرمایید|بفرمائید|بفرمایین)(?= |$)")
_PERFECT = re.compile(r"(?:^| )\S+ه (?:بود|بودم|بودی|بودید|بودین|بودن|بودیم)(?= |$)|(?:^| )\S+ (?:بود|بودن|بودند)$")  # «… افتاده بود», «یه شماره ناآشنا بود»
# «واتساپ پیام دادم، ببینید»: a messenger named is where to talk (the label contract's `contact`), story or not
_MESSENGER = re.compile(r"(?:^| )(?:واتساپ|واتس اپ|واتس|تلگرام|ایتا|روبیکا|whatsapp|telegram|eita)\S*(?= |$)")
_IF = re.compile(r"(?:^| )(?:اگه|اگر|agar|age)(?= |$)")


_STORY_CUE = re.compile(r"(?:دم|تم)(?= |$)|(?:دمش|تمش|دمشون|تمشون)$|(?:^| )(?:بود|بودم|بودی|بودید|بودین|بودن|بودند|بودیم)(?= |$)")


def _story(text: str, asked: bool) -> bool:
    if asked or not _STORY_CUE.search(text) or _IF.search(text) or _MESSENGER.search(text):
        return False
    end = _STORY_END.search(text)
    if (end is not None and end.group("verb") not in _STORY_NOT) or bool(_PERFECT.search(text)):
        return True
    # «تصادف کردم ماشینم داغون شد»: «I did» inside the clause, when the clause neither asks nor requests
    inside = _STORY_INSIDE.search(text)
    return inside is not None and inside.group("verb") not in _STORY_NOT and not _WH.search(text) and not _REQUEST.search(text) \
        and not _WISH_TO_KNOW.search(text)


# «ولش کن، قیمتو خودم دیدم تو آگهی نوشتی», «بیخیال، قیمتشو تو متن آگهی دیدم»: what the buyer read in the ad, told
_SEEN = re.compile(r"(?:^| )(?:دیدم|خوندم) (?:\S+ ){0,3}?(?:نوشتی|نوشتین|نوشتید|نوشته|نوشتن|نوشتید)(?= |$)"
                   r"|(?:^| )(?:تو|توی|در) (?:متن |توضیحات )?(?:آگهی|اگهی|توضیحات|آگهیتون|اگهیتون|آگهیت|اگهیت) (?:دیدم|خوندم)(?= |$)")
# a request said without «؟» («شماره بده», «عکس بفرست»): still asks
_REQUEST = re.compile(r"(?:^| )(?:بده|بدید|بدین|بفرست\S*|بگو|بگید|بگین|بذار\S*|بزار\S*|لطفا|زنگ|تماس)(?= |$)")
# «جای دیگه همینو ارزون‌تر زدن», «همین ماشینو تو شیپور سی تومن ارزون‌تر گذاشتن»: a cheaper price seen elsewhere, told
# (not asked, no request: «همینو ارزونتر بده» asks a discount)
_CHEAPER_THERE = re.compile(r"(?:^| )(?:ارزونتر|ارزانتر|نصف قیمت)(?= |$)")
_THEY_SELL = re.compile(r"(?:^| )(?:زدن|زده|زدند|میده|میدن|میدند|گذاشتن|گذاشته|گذاشتند|میفروشن|میفروشه|دیدم|خریدم|دادن)(?= |$)")
# «کلی میپرسم», «کلا میپرسم»: the buyer says his question is general, not about this item (takes along what came before)
_IN_GENERAL = re.compile(r"(?:^| )(?:کلی|کلا|همینطوری|همینجوری) (?:میپرسم|پرسیدم)(?= |$)")
_PHOTO_REMARK = re.compile(r"(?:^| )(?:عکس|عکسش|عکسا|عکساش|عکسها|عکسای|عکسش|عسک|aks) (?:\S+ ){0,3}?(?:معلوم نیست|مشخص نیست|واضح نیست|پیدا نیست|تیره|تاره|تار|بد افتاده|کیفیت نداره)(?= |$)")
_CHATTER = re.compile(r"(?:^| )(?:یادت میاد|yadet میاد|یادته|یادتونه|یادت هست|چه خبرا|چه خبر|کجایی این روزا|کجایید این روزا)(?= |$)")
_WHERE_ARE_YOU = re.compile(r"^(?:\S+ )?(?:کجای|کجایی|کجایید|کجاین|کجا بودی|کجا بودید|کجا هستی)$")


# «واحد بغلی‌تون رو چند فروختن؟», «خونه همسایتون رو چند خریدن؟»: another's sale (a neighbour's unit, «they sold»), not this item
_OTHERS_SALE = re.compile(r"(?:^| )(?:بغلی\S*|فروختن|فروختند|خریدن|خریدند)$|(?:^| )(?:واحد|خونه|خانه|مغازه|آپارتمان|اپارتمان|ماشین) (?:بغلی|همسایه|همسایتون|همسایه ها)\S*(?= |$)")


def _about_else(text: str, asked: bool) -> bool:
    """Whether a clause speaks of something other than this item or deal (the senses above)."""
    if not asked and (_TOLD.search(text) or _story(text, asked)
                      or (("ارز" in text or "نصف" in text) and _CHEAPER_THERE.search(text) and _THEY_SELL.search(text) and not _REQUEST.search(text))):
        return True
    own = _OWN.search(text) if "خودم" in text else None
    following = own.group("next") or "" if own is not None else ""
    if own is not None and own.group("noun") not in _OWN_NOT_NOUN and not own.group("noun").startswith(("می", "نمی")) \
            and not following.startswith(("می", "نمی")) and following not in _MYSELF_VERB \
            and not re.search(r"(?:^| )با (?:\S+ ){0,3}$", text[: own.start("noun")]) and not _SWAP_WORDS.search(text):
        return True
    return bool(_ELSE_ANYWAY.search(text))


# the senses that hold only when told (not asked), and those that hold either way: one pattern each (one search per clause)
_TOLD = re.compile("|".join(f"(?:{p.pattern})" for p in (_THANKS_FOR, _SEEN, _UNSURE)))
_ELSE_ANYWAY = re.compile("|".join(f"(?:{p.pattern})" for p in (_REFERRAL, _BEST_WHERE, _YOUR_PLANS, _YESTERDAY, _ONE_MUST, _CHATTER, _OTHERS_SALE)))


# Words that make a message worth reading clause by clause; the matcher finds them in the
# same automaton pass as the keywords (`prefix` patterns), so most messages pay nothing.
READING_MARKERS = ("نمی", "نخواستم", "لازم", "نیاز", "کار ندارم", "کاری ندارم", "مهم نیست", "اهمیت", "نپرس",
                   "نگو", "نگید", "نگین", "ولش", "بیخیال", "نه", "فقط", "نگیر", "نزن", "نفرست", "نکن", "چرا", "chera",
                   "پشیمون", "پشیمان", "هیچی", "به نظر", "نظرت", "نظر شما", "اشتباه", "بعدا میپرس", "بعد میپرس",
                   "معمولا", "عموما", "اکثرا", "معمولن", "میخواستم", "میخاستم", "رفته بالا", "بالا رفت", "رفتن بالا", "گرون شد", "گران شد",
                   "تورم", "گرونی", "قیمت دلار", "قیمت یورو", "قیمت ارز", "قیمت طلا", "قیمت سکه", "قیمت بنزین", "قیمت گاز",
                   "قیمت برق", "قیمت gaz", "نرخ", "میدن", "میفروشن", "بخرم", "بخریم", "تمدید", "ثبت", "یاد بگیرم",
                   "کجا میشه", "کجا میتونم", "فرق", "تفاوت", "خودم", "بهتره", "بهترن",
                   "چیکار کن", "چکار کن", "چیکارش کن", "چکارش کن", "چی کار کن", "چه کار کن", "چیکار باید", "چکار باید", "چی کار باید", "چه کار باید",
                   "کسی میدون", "کسی خبر دار", *_ABROAD,
                   # senses (_about_else): thanks for a past act, the buyer's own thing, someone else asked for, …
                   *(f"{w} {c}" for w in ("ممنون", "ممنونم", "مرسی", "تشکر", "متشکرم", "مچکرم", "سپاس", "merci", "mersi")
                     for c in ("که", "بابت", "از")),  # thanks for …: read only with its «که / بابت / از» (a bare «ممنون» is too common)
                   "خودم", "سراغ دار", "میشناس", "معرفی",
                   "بهترین", "ارزونترین", "ارزانترین", "نمیدون", "nemidon", "nemidun", "کجا میر", "کجا تمدید", "کجا تعمیر", "کجا درست", "دیروز", "پریروز", "دیشب",
                   "باید", "یادت", "yadet", "دیدم", "خوندم", " بود", "بغلی", "فروختن", "خریدن", "همسای", "عوض", "معاوضه", "تاخت", "تهاتر", "ارزونتر", "ارزانتر", "نصف قیمت", "کلی میپرس", "کلا میپرس", "کلی پرسید", "کلا پرسید", "همینطوری میپرس", "همینجوری میپرس", "همینطوری پرسید", "همینجوری پرسید", "امسال", "این روز", "معلوم نیست", "مشخص نیست", "واضح نیست", "پیدا نیست", "تیره", "تار",
                   # a story's «I did» (_story: the regex reads any such verb; these light verbs make the message read)
                   *(f"{neg}{verb}" for neg in ("", "ن") for verb in (
                       "کردم", "دادم", "زدم", "گرفتم", "گذاشتم", "شدم", "کشیدم", "خوردم", "خریدم", "فروختم", "رفتم",
                       "اومدم", "آمدم", "بودم", "فرستادم", "نوشتم", "آوردم", "اوردم", "بردم", "افتادم", "کردیم", "دادیم", "گرفتیم")), "یادتون", "چه خبر", "سوالی", "سوال ندارم",
                   # what the buyer got, told («… گرفتم», «تازه اومده»)
                   "گرفتم", "گرفتیم", "گرفتهام", "گرفته ام", "گرفته بودم", "gereftam", "تازه اومد", "تازه رسید",
                   # an age told («۱۹ سالمه»): the number with it, so «سالمه؟» (is it sound?, a common question) pays nothing
                   *(f"{age} {word}" for age in range(100) for word in ("سالمه", "سالم است")))  # fmt: skip


# ── messages about Divar itself ────────────────────────────────────────────────────
# «دیوار چرا چت رو بسته؟», «کد تخفیف دیوار دارید؟», «تو دیوار چطوری رزومه بفرستم؟» ask about the
# platform, not the item: no intent rule answers them, however many keywords they hold (the label
# contract's `none`).  The name alone is not enough («تو دیوار نوشتید توافقی، یعنی قیمت چند؟» asks
# a price; «دیوارا نم زده؟» is a wall): it takes the name and a platform topic anywhere in the
# message, or a phrase that is about the platform by itself.  The matcher finds all three in its
# one automaton pass (whole words for the name, word starts for the rest), so this costs nothing
# per message.
DIVAR_NAMES = ("دیوار", "divar")
DIVAR_TOPICS = (
    "تخفیف", "takhfif", "رزومه", "rezome", "پشتیبانی", "poshtibani", "پرداخت امن", "فیلتر", "filter",
    "نردبان", "nardeban", "احراز", "هویت", "پولی", "پولیه", "رایگان", "پول میگیره", "حذف", "رد کرد", "رد شد",
    "منقضی", "چت رو", "چتو", "چت کار", "chat kar", "chato", "قطع", "نشون نمیده", "نمایش نمیده", "ارسال نشد",
    "نرفت", "نمیره", "payamam", "پیامام", "پیامهام", "پیام هام", "کند شده", "اپلیکیشن", "اپش", "برنامش",
    "برنامه دیوار", "سایت", "site", "app", "آپدیت", "اپدیت", "اکانت", "account", "حساب کاربری", "تخلف",
    "آگهی بذارم", "آگهی گذاشتم", "آگهی زدم", "آگهیمو", "آگهیم", "آگهی منو", "میگه", "کار نمیکنه", "باگ",
    "خراب شده", "تایید", "تأیید", "کلاهبرداری", "چطوری", "چجوری", "chetori", "chejori",
)  # fmt: skip
# About the platform by themselves: a private seller has no discount code to give.
DIVAR_PHRASES = ("کد تخفیف", "کدتخفیف", "کد های تخفیف", "code takhfif", "kode takhfif", "cod takhfif", "kod takhfif")
# Advertisers' spam, not a buyer's question («ویزای کار تضمینی، تماس با ما», «فروش ویژه … bit.ly/…»,
# «عضو کانال شو»): its «اقساطی», «تماس», «کار» must not answer in the seller's name.  Folded forms
# (a link's «https://» folds to «htps», «t.me/» to «t me»).
SPAM_PHRASES = (
    "تماس با ما", "فروش ویژه", "عضو کانال", "کانال ما", "کانال تلگرام ما", "پیج ما", "به کانال", "عضو شو", "عضو شوید",
    "کسب درآمد", "درآمد روزانه", "سود روزانه", "سود تضمینی", "ارز دیجیتال", "bit ly", "htps", "htp", "t me",
    # a trade's advert («خرید … با بالاترین قیمت»، «وام فوری بدون ضامن»): a buyer asks the price, he does not boast of it
    "با بهترین قیمت", "با بالاترین قیمت", "با کمترین هزینه", "وام فوری", "خریداریم", "همین الان تماس",
    # a repairman's or a lender's advert («تعمیر مبل در محل با قیمت مناسب», «وام … با کمترین سود، پیام دهید»)
    "در محل با", "کمترین سود", "با سود کم", "وام بدون ضامن", "واریز همان روز", "پیام دهید",
)  # fmt: skip
# Insults and accusations («کلاهبردارید همتون», «خجالت بکشید این قیمت رو گذاشتید»): a reply in the seller's
# name to the price or the photos they mention would be answering an insult; the contract's `none`.
# «برو بابا با این قیمتت», «مرتیکه این چه قیمتیه», «با این قیمت دزدی میکنی»: the price is scorned, not asked;
# «قیمت مسکن دیوونه کننده شده»: a rant on the market.
INSULT_PHRASES = (
    "کلاهبردار", "کلاه بردار", "خجالت بکش", "خجالت نمیکش", "شرم کن", "گمشو", "مرتیکه", "برو بابا", "عقلتو", "عقلت رو",
    "دزدی میکنی", "خودتو مسخره", "این آشغال", "آشغالو", "دیوونه کنند", "دیوونه شده",
)  # fmt: skip


def about_divar(name: bool, topic: bool, phrase: bool) -> bool:
    """Whether a message is about Divar itself, or spam, given which of the three kinds of marker it holds."""
    return phrase or (name and topic)


@dataclass(frozen=True)
class Clause:
    first: int  # index of its first word, counting the words of the plain fold
    last: int
    negated: bool
    only: bool  # opened by «فقط»
    retracts: bool = False  # opened by «ولش کن», «بیخیال»…: the clauses before it are taken back
    asked: bool = False  # ended by «؟»: a question


def clauses(marked: str) -> list[Clause]:
    """The clauses of a marked fold: split at punctuation and before «ولی», «اما», «فقط»."""
    out: list[Clause] = []
    current: list[str] = []
    count = 0
    for word in marked.split():
        if word in (CLAUSE, ASKED) or (word in _BREAK_WORDS and current and not (word == "فقط" and current[-1] in _ONLY_AS_ALTERNATIVE)):
            if current:
                out.append(_clause(current, count, asked=word == ASKED))
            current = []
            if word in (CLAUSE, ASKED):
                continue
        current.append(word)
        count += 1
    if current:
        out.append(_clause(current, count))
    last = max((i for i, c in enumerate(out) if c.retracts), default=-1)
    if last > 0:
        out[:last] = [Clause(c.first, c.last, True, c.only, asked=c.asked) for c in out[:last]]
    words = marked.split()
    plain = [w for w in words if w not in (CLAUSE, ASKED)]
    for i, (c, after) in enumerate(zip(out, out[1:])):
        told = plain[after.first : after.last + 1]
        if not c.asked and not after.asked and not _COURTESY.issuperset(told) and _MEANT_TO_ASK.search(" ".join(plain[c.first : c.last + 1])):
            out[i] = Clause(c.first, c.last, True, c.only, c.retracts, c.asked)
    texts = [" ".join(plain[c.first : c.last + 1]) for c in out]
    if any(c.asked for c in out) and ("عکس" in marked or "عسک" in marked or "aks" in marked):
        # «خط و خش داره؟ عکسش خوب معلوم نیست», «رنگش سفیده یا نقره ای؟ عکسا معلوم نیست»: a remark on the photos says
        # why the buyer asks the other question; it asks for no photo (a request in it, «عکس واضح بفرست», still does)
        out = [Clause(c.first, c.last, True, c.only, c.retracts, c.asked)
               if not c.asked and _PHOTO_REMARK.search(t) and not _REQUEST.search(t) else c for c, t in zip(out, texts)]
    swap = "عوض" in marked or "معاوضه" in marked or "تاخت" in marked or "تهاتر" in marked
    for i, (c, after) in enumerate(zip(out, out[1:]) if swap else ()):
        if c.asked and not after.asked and len(texts[i + 1].split()) <= 3 and _SWAP_WORDS.search(texts[i]) and not _SWAP_WORDS.search(texts[i + 1]) \
                and not _REQUEST.search(texts[i + 1]):
            # «عوض میکنی با یخچال فریزر؟ سالمه»: a short statement after a swap question describes the buyer's own item
            out[i + 1] = Clause(after.first, after.last, True, after.only, after.retracts, after.asked)
    if len(out) > 1 and ("یاد" in marked or "خبر" in marked or "yadet" in marked or "روز" in marked) and any(_CHATTER.search(t) for t in texts):
        # «bro che khabara? kojayi? yadet miad …»: beside chatter, a bare «کجایی؟» asks where the seller has been
        out = [Clause(c.first, c.last, True, c.only, c.retracts, c.asked) if _WHERE_ARE_YOU.search(t) else c for c, t in zip(out, texts)]
    for i, (c, after) in enumerate(zip(out, out[1:])):
        guess = " ".join(plain[after.first : after.last + 1])
        if c.asked and after.asked and _WHY.search(" ".join(plain[c.first : c.last + 1])) and not _WH.search(guess):
            # «چرا میفروشی؟ مشکلی داره؟», «چرا ارزونه؟ ایرادی داره؟»: the buyer's guess at the reason asked (label contract: none)
            out[i + 1] = Clause(after.first, after.last, True, after.only, after.retracts, after.asked)
    for i, c in enumerate(out):
        if c.asked or not _GOT_TOLD.search(" ".join(plain[c.first : c.last + 1])):
            continue
        # «وام … گرفتم، ماهی ۲ تومن قسطشه», «خودم وام گرفتم، هنوز مونده قسطاش»: the clauses told after it go on with the
        # story (every such corpus line is `none`), up to a question («…گرفتم، قسطی هم میدید؟») or a «ولی / اما» turn
        for j in range(i + 1, len(out)):
            after = out[j]
            if after.asked or plain[after.first] in ("ولی", "اما", "منتها"):
                break
            out[j] = Clause(after.first, after.last, True, after.only, after.retracts, after.asked)
    return out


def _clause(words: list[str], end: int, asked: bool = False) -> Clause:
    text = " ".join(words)
    negated = bool(_NEGATION.search(_SEATS.sub(" seats", text))) or (bool(_NO.search(text)) and not _OR_NOT.search(text) and len(words) > 1)
    if negated and asked and _NOT_NEEDED.search(text) and not _I_DONT.search(text):
        negated = False  # «سابقه لازم نیست؟» asks whether it is needed: a question, not a refusal
    negated = negated or bool(_WHY.search(text)) or bool(_OPINION.search(text))  # a reason or an opinion is asked: no rule gives it
    negated = negated or bool(_USUALLY.search(text)) or bool(_MARKET.search(text)) or bool(_ELSEWHERE.search(text))  # general knowledge, the market
    negated = negated or bool(_KNOWLEDGE.search(text)) or (not asked and (bool(_AGE_TOLD.search(text)) or bool(_GOT_TOLD.search(text))))
    negated = negated or _about_else(text, asked)
    advice = bool(_ADVICE.search(text)) or bool(_IN_GENERAL.search(text))
    return Clause(end - len(words), end - 1, negated or advice, words[0] == "فقط", advice or bool(_RETRACT.search(text)), asked)


# Questions that are small talk, not about the item: a courtesy reply answers them.
_SMALL_TALK = frozenset(
    "خوبی خوبید خوبین خوبه خوب خوبن چطوری چطورید چطورین چطوره سلامتی احوال احوالتون حالت حالتون حال "
    "شما تو هستی هستید هستین ان شاالله انشالله ایشالا عزیز عزیزم جان داداش آقا اقا خانم خانوم الو الوو".split()
)


def asks_beyond(marked: str, answered_words: set[int]) -> bool:
    """Whether a clause ended by «؟» holds none of the answered words and more than small talk.

    A greeting or thanks is said around answers; alone, it does not answer «آیا این
    آگهی واقعیه؟».  Word indexes count the words of the plain fold, as :class:`Clause` does.
    """
    plain = unmarked(marked).split()
    count, current = 0, []
    for word in marked.split():
        if word in (CLAUSE, ASKED):
            if word == ASKED and not answered_words.intersection(current) and any(plain[i] not in _SMALL_TALK for i in current):
                return True
            current = []
        else:
            current.append(count)
            count += 1
    return False


# Words after «عکس» that end what a photo shows: «عکس بیشتر و متراژ؟», «عکس بفرست و بگو چند متره» ask two things.
_NOT_SHOWN = frozenset(fold(w) for w in {
    "بیشتر", "دیگه", "دیگر", "واقعی", "جدید", "هم", "رو", "را", "لطفا", "بده", "بدید", "بدین", "بفرست", "بفرستید",
    "بفرستین", "بذار", "بذارید", "بذارین", "میفرستی", "میفرستید", "میفرستین", "میخوام", "داری", "دارید", "دارین", "و"})  # fmt: skip


def photo_shows(between: list[str]) -> bool:
    """The words between a photo word and a later keyword name what the photo shows: «عکس از حیاط و
    پارکینگ», «عکس داشبورد و کیلومترشمار»; the keyword is the photo's subject, not a second question.
    Not when the first word after «عکس» (past «از») ends the request: «عکس بیشتر و متراژ؟»."""
    rest = between[1:] if between[:1] == ["از"] else between
    return bool(rest) and rest[0] not in _NOT_SHOWN


def unnegated(marked: str) -> str:
    """The plain folded words of the clauses that are not negated (for the typo and example tiers)."""
    words = unmarked(marked).split()
    return " ".join(" ".join(words[c.first : c.last + 1]) for c in clauses(marked) if not c.negated)


def kept_positions(marked: str, word_indexes: list[int], courtesy: list[bool]) -> list[bool]:
    """Which keyword hits still count, given the index of the word each hit starts in.

    ``courtesy[i]`` says hit ``i`` belongs to a greeting or thanks rule: those are never
    dropped for «فقط» (the buyer still said hello) nor for negation («نه ممنون»).
    """
    found = clauses(marked)
    owners = [clause_of(found, w) for w in word_indexes]
    keep = [c is None or not c.negated or polite for c, polite in zip(owners, courtesy)]
    only_hit = any(k and c is not None and c.only and not polite for k, c, polite in zip(keep, owners, courtesy))
    if only_hit:
        keep = [k and (polite or (c is not None and c.only)) for k, c, polite in zip(keep, owners, courtesy)]
    return keep


def clause_of(found: list[Clause], word: int) -> Clause | None:
    for clause in found:
        if clause.first <= word <= clause.last:
            return clause
    return None


# ── number offers ───────────────────────────────────────────────────────────────────

_UNITS = {"میلیارد": 1_000_000_000, "میلیون": 1_000_000, "ملیون": 1_000_000, "میلیون تومن": 1_000_000,
          "تومن": 1, "تومان": 1, "تومنی": 1, "تومانی": 1, "هزار": 1_000, "هزار تومن": 1_000, "ت": 1, "م": 1_000_000,
          "milliard": 1_000_000_000, "million": 1_000_000, "milion": 1_000_000, "toman": 1, "tomen": 1, "t": 1, "m": 1_000_000}  # fmt: skip
_VERBS = (
    r"می ?دم|میدیم|بدم|بدیم|میخرم|میخریم|بخرم|بخریم|برمیدارم|برمی ?دارم|برمیداریم|بدی|بدین|بدید|میدی|میدین|میدید|میخری|میخرید|میخرین|"  # every person: «۴۰۰ بدیم؟», «۳۰ بخریم؟»
    r"بفروشی|بفروشید|بفروشین|حساب کنی|حساب کنین|حساب می ?کنی|حساب می ?کنید|حساب می ?کنین|قبول داری|قبول دارید|قبول دارین|"
    r"واریز کنم|کارت به کارت کنم|پایهای|"  # «۴۰ بفروشی میخرم», «۹۰ حساب میکنی؟», «۳۰ قبول داری؟», «۵۰ پایه‌ای؟» (ZWNJ dropped)
    r"بگیر|میگیری|میگیرید|میگیرین|midam|midi|bedi|bedid|mikharam|mikhari|تموم میشه|تموم کنیم|جمعش کنیم|"
    r"میفروشی|میفروشید|میفروشین|حساب کن|حساب کنید|قبول می ?کنی|قبول می ?کنید|قبول می ?کنین|قبوله|قبول|"
    r"اوکی هستی|اوکی هستید|اوکی هستین|میبرم|می برم|بردارم|میزنی|میزنید|میزنین|midid|midin|mikharid|"
    r"میشه|می ?شه|خوبه|اوکیه|ok|پایه ای|هست|حله|"
    r"بد(?:ه|ش)(?=\s*(?:بریم|ببرم|بیام|میام|بیاد|میخرم|میبرم|میبرمش|برمیدارم|معطلش|[،,.!؟?]|$))|"  # «۱۳ بده بریم»: give it for 13
    r"آخرشه|آخرش|اخرشه|اخرش|akharame|akharesh|"  # «۳۸۰ آخرشه؟», «۱۷ آخرش، قبول؟»: the buyer's last word is a number
    r"آخرین پیشنهادمه|آخرین پیشنهادم|آخرین پیشنهاد|اخرین پیشنهادمه|اخرین پیشنهادم|اخرین پیشنهاد|"  # «۴۱۰ میلیون آخرین پیشنهادمه»
    r"بیشتر نمی ?دم|بیشتر نمی ?تونم بدم|بیشتر ندارم|نمی ?تونم بدم|می ?تونم بدم|میتونیم بدیم|"  # «۴۳۰ بیشتر نمیتونم بدم»: a ceiling is an offer
    r"چطوره|بزنیم|میزنیم|بگیرید|بگیرین|کارت به کارت می ?کنم|واریز می ?کنم|"
    r"کنار میای|کنار میاین|کنار میاید|کنار میایی|کنار میایید|کنار بیای|کنار بیاین|کنار بیاید|"  # «با ۸.۵ کنار میای؟»
    r"میخرمش|میخریمش|بخرمش|برش میدارم|"  # «۴۰۰ نقد میخرمش»
    r"می ?برمش|ببرمش|ببرم|می ?گیرمش|می ?گیرم|قولنامه می ?کنیم|قولنامه کنیم|راضی می ?شی|راضی می ?شید|راضی می ?شین|"  # «تخفیف بده ۱۵ میبرمش», «رهن کامل ۷۰۰، راضی میشی؟»
    r"میذارم|می ?ذارم|بذارم|"  # «۲۰۰ پیش میذارم»: a deposit the buyer puts down
    r"میبندی|میبندید|میبندین|ببندیم|میبندیم|"  # «کل کارو ۱۵ میلیون میبندی؟»: close the deal at
    r"انجام میدی|انجام میدید|انجام میدین|انجامش میدی|انجامش میدید|انجامش میدین|"  # a fee offered for a service:
    r"کار میکنی|کار میکنید|کار میکنین|"  # «متری ۸۰ انجام میدی؟», «روزی ۴۰۰ کار میکنی؟»
    r"نقد+(?:ا|ن)?(?=\s*(?:[،,.!؟?]|$))|"
    # «۴۵۰ فیکس، دیل؟», «۱۲ تومن کش، فاینال», «دو میلیارد و سیصد، بیشتر نمیتونم»: loanwords and a ceiling ending the clause
    r"(?:فیکس|فاینال|دیل|کش|بیشتر نمی ?تونم|بیشتر نمی ?تونیم|بالاتر نمی ?تونم)(?=\s*(?:[،,.!؟?]|$))|"  # «۲.۵ نقد، …», «هیجده و نیم نقد»: a number and «cash» ending the clause
    # «بیا ۴۰۰ تموم کن», «رو ۲ و نیم میلیارد تمومش کنیم؟», «چهارصد و نود تموم، اوکیه؟»: close the deal at a number
    r"تمومش کنیم|تمومش کنید|تمومش کنین|تمومش کن|تموم کنید|تموم کنین|تموم کن|تموم می ?کنی|تمومش می ?کنی|تمومه|"
    r"تموم(?=\s*(?:[،,.!؟?]|$))|قطعیش کن|قطعیش کنیم|قطعیش کنید|قطعی کن|قطعی کنیم|"  # «چهار و نیم قطعیش کن بیام»
    # «پونصد و ده، یه قرون بیشتر نمیدم», «۲ میلیارد و ۹۰۰، یه تومنم بالاتر نمیرم», «۱۹ تومن بیشتر پول ندارم»: a ceiling
    r"بالاتر نمی ?رم|بیشتر نمی ?رم|بالاتر نمی ?دم|بیشتر پول ندارم|بیشتر می ?دم|بیشتر میدیم|"  # «سی تومن بیشتر میدم»
    r"تومنش کن|تومنش کنید|تومنش کنین|میام بالا|بالا میام|"  # «تا ۴۰۰ میام بالا»: a ceiling
    r"آخرین قیمتمه|آخرین قیمتم|آخر قیمتمه|اخرین قیمتمه|اخرین قیمتم|اخر قیمتمه|"  # «۴۰۰ آخرین قیمتمه»  # «420 tomanesh kon»: make it 420
    r"میسپارم|میسپاریم|بسپارم|راه میای|راه بیای|راه میاین|راه بیاین|راه بیا|کنار بیا|رد کن|ردش کن|رد کنید|ردش کنید|"  # «با ۴۰۰ کنار بیا», «۴۰۰ ردش کن»  # «کل کار رو ۱۲ تومن میسپارم»
    r"انجام بدید|انجام بدین|انجام بدی|انجام بده|انجامش بدید|انجامش بدین|انجامش بدی|"  # «… رو ۲ و نیم انجام بدید؟»
    r"بزنید|بزنین|بزن|"  # «۹ تومن بزنید میام میبرم», «۳ تومن کل کارو بزن»: with a unit (_SERVICE_VERBS)
    r"میخوای|میخواین|میخواید|بذاری|بزاری|بذارید|بزارید|بذارین|بزارین|"  # «۵۲۰ میخوای؟», «4/5 milyard mikhay?»: with a unit or three digits (_WANT)
    # «من ۵۵۰ دارم، باقیشو چک میدم»: what the buyer has, and the rest in cheques or instalments
    r"(?:باقیش|بقیش|بقیه|باقیه)(?:و|م)?\s+(?:رو\s+)?(?:چک|قسطی|قسط|اقساط|اقساطی|وام)"
)
_WORDS = (
    "یک|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|یازده|دوازده|سیزده|چهارده|پونزده|پانزده|شونزده|شانزده|هفده|هیفده|"
    "هجده|هیجده|هژده|نوزده|بیست|سی|چهل|چل|پنجاه|پنجا|شصت|هفتاد|هشتاد|نود|صد|دویست|سیصد|چهارصد|پونصد|پانصد|ششصد|شیشصد|هفتصد|"
    "هفصد|هشتصد|هشصد|نهصد"  # «شیش‌صد» (ZWNJ dropped), «هشصد», «هفصد»: as said
)
_NUMBER_WORDS = "(?:" + _WORDS + "|(?:نه|یه)(?=\\s+و\\s+نیم))(?:\\s+و\\s+(?:نیم|ده|" + _WORDS + ")(?:\\s+دهم)?)*"  # «نه» is nine (and «یه» one) only in «نه و نیم», «یه و نیم»; «ده» ten after «و» («چهارصد و ده»)
# «۳۸۰ تا نقد»، «۳۲ تا بدی …»: «تا» as the market's unit before cash or a verb of paying (a count otherwise:
# «۳ تا میخوام»; and a single digit stays a count: «۲ تا بدی؟»)
_SINGLE_WORDS = frozenset({"یک", "دو", "سه", "چهار", "پنج", "شش", "شیش", "هفت", "هشت", "نه"})  # «دو تا بدی؟»: two pieces
_TA_SUM = r"\s+(?:نقد|بدی|میدی|بدم|میدم|بدین|میدین|بدید|میدید|بذاری|بزاری|بذارید|بزارید|میخوای بدی)(?![\w])"  # «سیصد تا بذاری برمیدارم»
_OFFER = re.compile(
    # «۱,۸۰۰,۰۰۰ میدم»: a sum written with thousands separators is one number
    r"(?<![\w/:.,])(?!0\d)(?P<amount>\d{1,3}(?:[,٬]\d{3})+(?![\d,٬])|\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+(?:نیم|\d\s*دهم|\d{3}(?![\d\w])))?|" + _NUMBER_WORDS + r"(?=\s|[،,.!؟?]|$)|(?:یه|نیم)(?=\s+(?:میلیون|ملیون|میلیارد))|یه(?=\s+(?:تومن|تومان)))"
    r"(?![\d:]|\s*(?:تا(?!" + _TA_SUM + r")|عدد|دونه|سال|ساعت|روز(?!ی(?![\w]))|ماه|کیلو|درصد|گیگ|متر|نفر|%))"
    r"\s*(?P<unit>تا(?=" + _TA_SUM + r")|میلیارد|میلیون تومن|میلیون|ملیون|هزار تومن|هزار|تومنی|تومانی|تومن|تومان|ت(?=\s|$)|م(?=\s|$)|milliard|million|"
    r"milion|toman|tomen|m(?=\s|$)|t(?=\s|$))?"
    # after a unit: «یک میلیون و نیم», «یه میلیون و هشتصد» (quoted whole), and what it is for: «۷۰۰ تومن برا میز خوبه؟»
    r"(?(unit)(?P<tail>\s+و\s+(?:نیم|" + _WORDS + r"|\d{1,3})(?![\w]))?(?:\s+(?:برای|برا|واسه|کل)(?:\s+[^\s\d،,.!؟?]+){1,3}?)?)"  # «۸ تومن کل کار، قبول؟»
    r"(?P<fill>(?:(?:\s*[،,]\s*|\s+)(?:یه (?:قرون|ریال|تومن|هزار)م?|با این|با همین|نقد|نقدی|تمام|کامل|اخر|آخر|دیگه|قطعی|فقط|رو|را|هم|بهت|بهتون|ازت|ازتون|بهم|به من|من|اجاره|رهن|پول|پیش|ودیعه|"
    r"ماهیانه|ماهانه|ساعتی|روزی|دستمزد|حقوق|کلش|همش|دارم|دستمه|نقدا|نقدن|کش|فیکس|فاینال|cash|naghd|"
    r"دست به نقد|باشه|اگه|اگر|میتونم)){0,3})"
    r"\s*[،,]?\s*(?P<verb>" + _VERBS + r")(?![\w])"  # «سیصد و پنجاه تومن نقد، قبوله؟»
)
# A deposit and a rent, each a number («۱۵۰ میلیون رهن ۱۰ اجاره؟», «ودیعه ۵۰۰ و اجاره ۱۲»): an offer
# even without a verb; one number beside «اجاره» alone («اجاره ۱۰ هست؟») may be the ad's own figure.
# A figure in digits or in words («سیصد پیش، پنج اجاره»; «ده» is ten here, beside «رهن» or «اجاره»).
_AMOUNT = r"(?:\d{1,4}(?:[./٫]\d{1,3})?|(?:" + _NUMBER_WORDS + r"|ده)(?![\w]))(?:\s*(?:میلیون|ملیون|میلیارد|تومن|تومان|م(?=\s)))?"
_DEPOSIT = r"(?:رهن|ودیعه|پول پیش|پیش)(?:\s+(?:کامل|رو|را))?"
_RENT = r"(?:اجاره|اجراه|ااجره|اجره|ماهیانه|ماهانه|ماهی|کرایه)"  # «۲۰۰ رهن ۸ اجراه»: the typos too
_SIDE = r"(?:{a}\s*{w}|{w}\s*{a})"
_RENT_PAIR = re.compile(
    r"(?<![\w/:.,])" + _SIDE.format(a=_AMOUNT, w=_DEPOSIT) + r"(?:\s*(?:و|،|,))?\s*" + _SIDE.format(a=_AMOUNT, w=_RENT) + r"(?![\w])"
)
# A sum off the price («۵۰۰ تومنی کمتر بده», «۲ تومن کمتر حساب کنید قبوله؟», «پنجاه تومنی از اجاره کم کنید»,
# «۵۰ تومن بیا پایین»): a concrete number, so an offer (the label contract), not a bare «come down»
# (negotiation-words' `unless_offer` leaves these to the offer rule).  Quoted as written: «۲ تومن» alone would
# read as the buyer's whole offer.  «یه کم کمتر», «۱۰ درصد کمتر» hold no sum; «۲ تومن کمتر میدی؟» asks the
# seller for a discount (negotiation, tests/test_understand.py), «۵۰۰ تومنی کمتر بده» names the buyer's price.
_LESS = re.compile(
    r"(?<![\w/:.,])(?:\d{1,4}(?:[./٫]\d{1,3})?|(?:" + _NUMBER_WORDS + r"|ده)(?=\s)|(?:یه|نیم)(?=\s+(?:میلیون|ملیون|میلیارد)))"  # «نیم میلیون کم کن»
    r"(?:\s*(?:میلیون|ملیون|میلیارد|هزار تومن|تومن|تومان|تونم|تمن|هزار|ت(?=[ی\s])|م(?=[ی\s])|(?<=\d\d)\s*تا(?=\s+کم)|(?<=[^\W\d])\s*تا(?=\s+کم)))?ی?"
    r"\s+(?:از\s+\S+\s+)?(?:(?:کمتر|کم|کمش)(?=\s+(?P<verb>حساب|بده|بدی|بدید|بدین|بدم|کن|کنید|کنین|کنی|بکن|بکنید|"
    r"نمیدی|نمیدین|نمیدید|بذار|بزار|بذارید|بزارید|بگیر|بگیری|بگیرید|بگیرین|میکنی|میکنید|میکنین|نمیکنی|نمیکنید|میشه)(?![\w]))"
    r"|(?:بیا|بیاید|بیاین|بیایید)\s+پای?ین"
    # «سه تومن کمتر، همین امروز میبرم»: a sum off, then the buyer takes it
    r"|کمتر(?=\s*[،,]\s*(?:\S+\s+){0,2}?(?P<took>میبرم|میبرمش|میخرم|میخرمش|برمیدارم)(?![\w])))"
)
# «کل کار ۲ و نیم میلیون؟», «۱۲۰۰ تومن برای هر دوتا مبل؟», «هفتصد و پنجاه تومن برای لوله کشی کل آشپزخونه؟»: a sum in
# money, asked, and what it is for: the buyer's figure (a clause of its own, so «قیمتش ۷۰۰ تومن برای هر دوتاست؟» is not)
_SUM_ASKED = re.compile(
    r"(?:^|[،,.!؟?]\s*)(?:(?:کل کار(?:و| رو)?|کلش|همش|هر دو ?تا(?:ش)?(?:و| رو)?)\s+)?"
    r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+نیم)?|" + _NUMBER_WORDS + r")"
    r"\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان|هزار تومن)(?P<tail>(?:\s+(?:برای|برا|واسه)(?:\s+[^\s\d،,.!؟?]+){1,4})?)\s*[؟?]"
)
# «با ۴۰ میشه؟», «قیمت کلش ۱۵ میشه؟» (the whole lot for 15): a weak verb after these still makes an offer
_BEFORE = re.compile(r"(?:^|\s)(?:با|روی|رو|به|کلش|همش|کلشو|همشو)\s*$")
# A number alone, asked («٣٧٠؟», «پونزده و نیم؟»): the buyer's figure. Not a single digit («۲؟» could be anything),
# nor a year («۱۴۰۰؟» asks the model).
_BARE = re.compile(r"(?:رهن کامل\s+)?(?P<amount>\d{2,4}(?:[./٫]\d{1,3})?|\d(?:[./٫]\d{1,3})|(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|" + _WORDS + r"))*)"
                   r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?\s*[؟?]+")
# «سن بالای ۳۰ قبوله؟», «ساعت ۵ میبرم», «مدل ۹۸ آخرشه؟», «راننده پایه دو میگیرین؟» (a licence grade): no offer
_LIMIT = re.compile(r"(?:^|\s)(?:بالای|بالاي|زیر|سن|حداقل|حداکثر|ساعت|از|مدل|پایه)\s*$")
_FROM = re.compile(r"(?:^|\s)از\s*$")
# «زیر ۱۰ میلیارد میدید؟», «حداکثر ۵۰۰ میلیون میدم»: a cap in money with a verb of paying is the buyer's figure
_CAP = re.compile(r"(?:^|\s)(?:زیر|حداکثر)\s*$")
_MONEY = frozenset({"میلیارد", "میلیون", "میلیون تومن", "ملیون", "تومن", "تومان", "milliard", "million", "milion", "toman", "tomen"})
# «۴۰۰ کامل میشه؟», «پول پیش ۲۰۰ دارم میشه؟»: a weak verb after money words (cash, full deposit, what the buyer has)
_MONEY_FILL = re.compile(r"(?:^|[\s،,])(?:نقد|نقدی|کامل|دارم|دستمه|پول|رهن|ودیعه|قطعی|cash|naghd)(?![\w])")
# «تا ۴۰۰ هستم» (ta 400 hastam): the buyer is in up to a sum
_UP_TO = re.compile(r"(?:^|\s)تا\s+(?P<amount>\d{2,4}(?:[./٫]\d{1,3})?)\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?\s+(?:هستم|هستیم)(?![\w])")
# A count, a time, a size after the number (not a rate: «۴۰۰ روزی», «۲۵۰ تومن ساعتی», «۳۰۰ جلسه‌ای»)
_NOT_MONEY = r"(?!\s*(?:(?:ساعت|روز|متر|جلسه)(?!ی(?![\w])|\s?ای(?![\w]))|تا|عدد|دونه|سال|هفته|ماه|دقیقه|بار|کیلو|درصد|گیگ|سانت|نفر|طبقه|%))"
# «متری ۱۲۰ تومن کاغذ دیواری میزنی؟», «جلسه‌ای ۳۰۰ تومن تدریس میکنید؟», «متری ۸۰ میکنی؟», «metri 100 ok hast?»: a rate and
# a number, what the work is, and a verb of doing or agreeing: a fee offered (not «متری ۷۰ ه», «متری ۶۵ بود»: a quote;
# not «روزی ۸ ساعت کار میکنید؟»: hours)
_RATE_OFFER = re.compile(
    r"(?:^|\s)(?:(?:نفری|شبی)\s+)?(?:متری|روزی|ساعتی|جلسه ?ای|هر متر|هر جلسه|نفری|شبی)\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|یه(?=\s+(?:تومن|تومان))|" + _NUMBER_WORDS + r")" + _NOT_MONEY +
    r"\s*(?P<unit>هزار تومن|تومن|تومان|میلیون|هزار)?(?:\s+(?:برای|برا|واسه|به))?(?:\s+[^\s\d،,.!؟?]+){0,2}?"
    r"\s*[،,]?\s+(?:میزنی|میزنید|میزنین|می ?کنی|می ?کنید|می ?کنین|اوکیه|اوکی هست|ok هست|ok|قبوله|قبول میکنی|قبول میکنید|میدم|میدیم|"
    r"بیشتر نمی ?صرفه|خوبه|حله|کار میکنی|کار میکنید)(?![\w])"
)
# «متری هشتاد و پنج», «متری ۵۵، اول بیاید ببینید»: a message that opens with a rate and a number alone
_RATE_ALONE = re.compile(
    r"^(?:متری|روزی|ساعتی|جلسه ?ای|هر متر|هر جلسه|نفری|شبی)\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")" + _NOT_MONEY +
    r"\s*(?P<unit>هزار تومن|تومن|تومان|میلیون|هزار)?\s*(?:[،,.!]|$)"
)
# «۲۵۰ تومن ساعتی برا تدریس اوکیه؟»: the rate after the sum, then what it is for
_RATE_AFTER = re.compile(
    r"(?<![\w/:.,])(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")" + _NOT_MONEY + r"\s*(?P<unit>هزار تومن|تومن|تومان|میلیون|هزار)?"
    r"\s+(?:متری|روزی|ساعتی|جلسه ?ای)\s+(?:برای|برا|واسه)(?:\s+[^\s\d،,.!؟?]+){1,2}?"
    r"\s+(?:میزنی|میزنید|میزنین|می ?کنی|می ?کنید|می ?کنین|اوکیه|اوکی هست|ok هست|ok|قبوله|خوبه|حله|میدم|میدیم)(?![\w])"
)
# «حدود ۳۰۰ تا ۳۲۰ کار میکنی؟», «رهن ۴۰۰ تا ۴۵۰ میتونم»: a range of sums and a verb of paying or doing
_RANGE_VERB = re.compile(
    r"(?:^|\s)(?:حدود|رهن|ودیعه|پیش)\s+(?P<amount>\d{2,4}\s+تا\s+\d{2,4})(?P<unit>\s*(?:میلیون|میلیارد|تومن))?"
    r"\s+(?:کار می ?کنی|کار می ?کنید|کار می ?کنین|می ?تونم|می ?تونیم|می ?دم|میدیم|میخرم|برمیدارم|بدم|بدی|میدی|میدید|میدین)(?![\w])"
)
# «کلش ۱۸ تومن، ابزار با خودتون», «تخفیف بدی ۴ تومن کلش؟»: a sum in money for the whole lot, said alone
_WHOLE_WORDS = r"(?:کلش|همش|کل کار(?:و| رو)?)"
_AMOUNT_MONEY = r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+نیم)?|" + _NUMBER_WORDS + r")\s*(?P<unit>میلیارد|میلیون|تومن|تومان)"
_WHOLE = re.compile(r"(?:^|[\s،,.!؟?])" + _WHOLE_WORDS + r"\s+" + _AMOUNT_MONEY + r"\s*(?=[،,.!؟?]|$)")
_WHOLE_AFTER = re.compile(r"(?<![\w/:.,])" + _AMOUNT_MONEY + r"\s+" + _WHOLE_WORDS + r"\s*(?=[،,.!؟?]|$)")
# «پیشنهادم ۴۰۰ه», «قیمت پیشنهادیم ۴۴۰ه، چی میگی؟», «پیشنهاد من ۱۷ تومن»: the buyer names the figure as theirs
_MY_OFFER = re.compile(
    r"(?:^|\s)(?:پیشنهادم|پیشنهادیم|پیشنهاد(?:ی|ه)? (?:من|بنده|ما))(?:\s+(?:هم|اینه|اینکه))?\s*:?\s*"
    r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")" + _NOT_MONEY + r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?(?:ه|e|عه|\s+(?:هست|است))?(?![\w])"
)
# Each tried only when one of its words is in the message (one C-level search; most messages hold none)
_WORDED = tuple((pattern, re.compile(words)) for pattern, words in (
    (_MY_OFFER, "پیشنهاد"), (_RATE_OFFER, "متری|روزی|ساعتی|جلسه|هر متر|نفری|شبی"), (_RATE_ALONE, "متری|روزی|ساعتی|جلسه|هر متر|نفری|شبی"), (_RATE_AFTER, "متری|روزی|ساعتی|جلسه"),
    (_RANGE_VERB, "حدود|رهن|ودیعه|پیش"), (_UP_TO, "هستم|هستیم"), (_WHOLE, "کلش|همش|کل کار"), (_WHOLE_AFTER, "کلش|همش|کل کار")))
_ANY_WORDED = re.compile("|".join(words.pattern for _pattern, words in _WORDED))
# «انجام میدی؟», «کار میکنی؟» offer a fee only with a unit, «با», or a rate before the number («متری ۱۵۰ …»)
_SERVICE_VERBS = frozenset(f"{a} {b}" for a in ("انجام", "انجامش") for b in ("میدی", "میدید", "میدین", "بدی", "بدید", "بدین", "بده")) | frozenset(
    f"کار {b}" for b in ("میکنی", "میکنید", "میکنین")) | {"بزن", "بزنید", "بزنین"}  # «۹ تومن بزنید»; «۵ بزن» could be anything
_WANT = frozenset({"میخوای", "میخواین", "میخواید", "بذاری", "بزاری", "بذارید", "بزارید", "بذارین", "بزارین"})  # «۵۲۰ میخوای؟»: three digits or a unit; «۲ میخوای؟» is a count
_RATE = re.compile(r"(?:^|\s)(?:متری|ساعتی|روزی|ماهی|ماهیانه|هر متر|هر ساعت|هر روز)\s*$")
_PHONE = re.compile(r"\d{7,}")
# A sum named and proposed in a formal letter («بنده مبلغ سیصد و هشتاد میلیون تومان نقدا پیشنهاد میکنم», «… را مناسب
# میدانم»), and a range («بین ۳۸۰ تا ۴۰۰ هرچی بگی میام»: every «بین X تا Y» of a sum in the corpus is a bid; not of
# time, counts or sizes): offers without a paying verb after the number.  Quoted as written.
_SUM = r"(?:\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")(?![\w])(?:\s+(?:و\s+)?(?:" + _WORDS + r"|\d{1,4}|میلیارد|میلیون|ملیون|هزار|تومان|تومن)(?![\w]))*"
_PROPOSED = re.compile(r"(?:^|\s)مبلغ\s+(?:متری\s+)?(?P<sum>" + _SUM + r")[^؟?!.]{0,40}?\s(?:پیشنهاد|مناسب|منصفانه)\s*می\s*(?:کنم|دهم|دم|دانم|دونم)(?![\w])")
_RANGE = re.compile(r"(?:^|\s)بین\s+(?P<sum>" + _SUM + r"\s+تا\s+" + _SUM + r")(?![\w])"
                    r"(?!\s*(?:تا|عدد|دونه|سال|ساعت|روز|هفته|ماه|دقیقه|صبح|ظهر|عصر|شب|کیلو|درصد|گیگ|متر|سانت|نفر|طبقه|%))")


@dataclass(frozen=True)
class Offer:
    """A number the buyer offers: as written, and in toman when the unit says so."""

    amount: str
    unit: str
    toman: int | None
    # The buyer's words the offer was read from, verb included («۵۰ تومن بیا پایین», «۳۸۰ آخرشه»): a rule with
    # `unless_offer` does not count its keywords inside them (they are the offer's, not a bare «come down»).
    said: str = ""

    def as_context(self) -> dict[str, object]:
        return {"amount": self.amount, "unit": self.unit, "toman": self.toman, "text": f"{self.amount} {self.unit}".strip()}


def find_offer(text: str) -> Offer | None:
    """The first number offer in ``text``, or None («ساعت ۵ میام» and «۲ تا عکس» are not offers).

    A message in Latin letters only (Finglish, «2 tomn bedam miay?») is read again with its
    words in Persian when its Latin form holds no offer (``isascii`` is free: Persian skips it).
    """
    cleaned = clean(text)
    if _PHONE.search(cleaned.replace(" ", "")):
        return None  # a phone number is not an offer, and its digits would read as one
    pair = _RENT_PAIR.search(cleaned)
    if pair is not None:
        return Offer(pair.group(0), "", None, pair.group(0))  # two figures: quoted as written
    bare = _BARE.fullmatch(cleaned.strip())
    if bare is not None and not re.fullmatch(r"1[34]\d\d", bare.group("amount")):  # «۱۴۰۰؟»: a model year
        return Offer(bare.group("amount"), bare.group("unit") or "", None, bare.group(0))
    less = _LESS.search(cleaned)
    if less is not None and re.match(r"(?:یک|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه) تا ", less.group(0)):
        less = None  # «دو تا کم کن»: two pieces fewer, or a count; «بیست تا کم کنی» a sum off
    if less is not None and not _LIMIT.search(cleaned[: less.start()]):
        said = cleaned[less.start() : max(less.end(), less.end("verb"), less.end("took"))]  # «۵۰۰ تومنی کمتر بده»: the verb the lookahead read
        return Offer(less.group(0), "", None, said)  # a sum off the price: quoted as written
    for found in _OFFER.finditer(cleaned):
        amount, unit, verb = found.group("amount"), found.group("unit") or "", found.group("verb")
        tail = (found.group("tail") or "").strip()
        if unit == "تا":
            if not re.fullmatch(r"\d{2,4}", amount) and (amount.isascii() or amount in _SINGLE_WORDS):
                continue  # «۲ تا بدی؟»: two pieces
            unit = ""  # quoted as the number alone
        if amount == "یه":
            amount = "یک"
        before = cleaned[: found.start()]
        weak_verb = verb in ("میشه", "می شه", "خوبه", "اوکیه", "ok", "هست", "حله", "میفروشی", "میفروشید", "میفروشین", "چطوره")
        if _LIMIT.search(before) and not (verb.startswith("بیشتر") and _FROM.search(before)) and not (
            unit in _MONEY and not weak_verb and _CAP.search(before)
        ):
            continue  # «از ۳۶۰ بیشتر نمیدم» is a ceiling, an offer; «از ۲ میشه؟» is not; «زیر ۱۰ میلیارد میدید؟» is
        if weak_verb and not unit and not _BEFORE.search(before) and not (verb in _WEAK_WITH_MONEY and _weak_made_sure(amount, found, before)):
            continue  # «۲ میشه؟» could be anything; «با ۴۰ میشه؟», «۴۰ میلیون میشه؟», «۴۰۰ کامل میشه؟» are offers
        if verb.startswith(("باقی", "بقی")) and not _HAS.search(found.group("fill") or ""):
            continue  # «۵۵۰ دارم، باقیشو چک میدم» is what the buyer pays; «پیش‌پرداخت ۲۰۰ باشه بقیش قسط؟» asks the terms
        if verb in _WANT and not unit and not _BEFORE.search(before) and not (_HUNDREDS.fullmatch(amount) or not (amount.isascii() or amount in _SINGLE_WORDS)):
            continue  # «۵۲۰ میخوای؟», «سیصد تا بذاری» are sums; «۲ میخوای؟» a count
        if _HOW_MUCH_AFTER.match(cleaned, found.end()):
            continue  # «رهن ۵۰۰ بدم اجاره‌ش چقدر میشه؟»: a condition for a question about another figure, not an offer
        if verb in _SERVICE_VERBS and not unit and not _BEFORE.search(cleaned[: found.start()]) and not _RATE.search(cleaned[: found.start()]):
            continue  # «منطقه ۵ هم کار میکنید؟» is a place; «متری ۱۵۰ انجام میدی؟» a fee offered
        figure = read_figure(amount)
        toman = int(figure * _UNITS[unit]) if figure is not None and unit in _UNITS and not tail else None
        if tail:
            unit = f"{unit} {tail}"  # «یک میلیون و نیم»: quoted whole, not turned into a figure
        if toman is not None and _UNITS[unit] == 1 and toman < 1000:
            toman = None  # «۳۵ تومن» means 35 million in market talk, or 35 thousand: not a fact to repeat
        return Offer(amount, unit, toman, found.group(0))
    for pattern, words in _WORDED if _ANY_WORDED.search(cleaned) else ():  # «پیشنهادم …», a rate, a range, «تا … هستم», the whole lot
        if words.search(cleaned) and (found := pattern.search(cleaned)) is not None:
            return Offer(found.group("amount"), (found.group("unit") or "").strip(), None, found.group(0).strip(" ،,.!؟?"))
    for pattern, word in ((_PROPOSED, "مبلغ"), (_RANGE, "بین")):
        if word in cleaned and (found := pattern.search(cleaned)) is not None:
            return Offer(found.group("sum"), "", None, found.group(0).strip())
    asked = _SUM_ASKED.search(cleaned)
    if asked is not None:
        return Offer(asked.group("amount"), asked.group("unit"), None, asked.group(0).strip(" ،,.!؟?"))
    if cleaned.isascii():  # Finglish: its words in Persian (a Persian message never gets here: not ASCII)
        read = read_finglish(cleaned)
        if read != cleaned:
            return find_offer(read)
    return None


_HOW_MUCH_AFTER = re.compile(r"[^،,.!؟?]*?(?:^|\s)(?:چقدر|چقد|چنده|چند میشه|چند میدی|چند میدید)(?![\w])")  # the rest of the offer's clause asks a figure
_WEAK_WITH_MONEY = frozenset({"میشه", "می شه", "اوکیه", "حله", "خوبه", "چطوره"})
_HALF = re.compile(r"\S[./٫]5$|و نیم$")
_ROUND = re.compile(r"\d\d0")
_OPENS = re.compile(r"(?:^|[،,.!؟?])\s*$")
_HAS = re.compile(r"(?:^|[\s،,])(?:دارم|دستمه)(?![\w])")
_HUNDREDS = re.compile(r"\d{3,4}")


def _weak_made_sure(amount: str, found: re.Match[str], before: str) -> bool:
    """A weak verb («میشه؟», «خوبه؟») after a bare number still makes an offer: after money words
    («۴۰۰ کامل میشه؟», «پول پیش ۲۰۰ دارم میشه؟»), a half («چهارده و نیم میشه؟», «18.5 میشه؟»: a sum, not a
    count), or a round three-digit figure opening a clause («تخفیف بدی میام میبرم، ۸۰۰ خوبه؟»; not a model, a size
    or a year: «۲۰۶ خوبه؟», «۱۲۸ خوبه؟», «۱۴۰۰ خوبه؟»)."""
    return (
        _MONEY_FILL.search(found.group("fill") or "") is not None
        or _HALF.search(amount) is not None
        or (_ROUND.fullmatch(amount) is not None and _OPENS.search(before) is not None)
    )


def read_figure(amount: str) -> float | None:
    """An offer's amount as a number: «۴۰», «4.5», «۴/۵», «۱,۸۰۰,۰۰۰», «۴ و نیم»; None in words («چهل»)."""
    digits = amount.replace("/", ".").replace("٫", ".").replace(",", "").replace("٬", "")
    if digits.endswith("نیم") and digits.split()[0].isdigit():
        digits = digits.split()[0] + ".5"  # «۴ و نیم»: four and a half
    return float(digits) if digits.replace(".", "", 1).isdigit() else None


SCALES = (("هزار", 1_000), ("میلیون", 1_000_000), ("میلیارد", 1_000_000_000))
NEAR_PRICE = (0.3, 1.5)  # an offer is this share of the asking price: a haggle starts lower, rarely higher


def scale_of(amount: str, price: int) -> str:
    """The word («هزار», «میلیون», «میلیارد») a bare offered number leaves out, when ``price``
    (the asking price, in toman) makes it certain; else "".

    Buyers write the price's leading figures: «۴۰ میدی؟» on a 45-million post is 40 million.
    The word is said only when it puts the offer between 30 % and 150 % of the price; the scales
    are 1,000 times apart, so at most one does. A number that is already the whole sum, one
    no scale brings near the price («۴۰» on a 450-million post: a low offer, or another
    thing?), or one in words gets none: the reply quotes it as written.
    """
    figure = read_figure(amount)
    if figure is None or figure <= 0 or price <= 0:
        return ""
    low, high = NEAR_PRICE
    if low <= figure / price <= high:
        return ""  # the whole sum already («۴۰۰۰۰۰۰۰ میدم»)
    return next((word for word, size in SCALES if low <= figure * size / price <= high), "")
