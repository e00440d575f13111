"""Reading a buyer's message beyond keywords: clauses, negation, «فقط», what a keyword is said of.

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

Number offers are read in :mod:`.offers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from re import _constants as _sre, _parser as _sre_parse  # the parsed form of a pattern (_needs)

import ahocorasick

from responder.text import ASKED, CLAUSE, fold, unmarked


def _phrase(alternatives: str) -> re.Pattern[str]:
    """One of ``alternatives`` as whole words of the folded text (a space or the text's edge on each side)."""
    return re.compile(r"(?:^| )(?:" + alternatives + r")(?= |$)")


# Phrases that negate the clause they are in (folded forms: no ZWNJ, «می» glued).
_NEGATORS = (
    "نمیخوام", "نمیخام", "نمیخواهم", "نمیخوایم", "نمیخواستم", "نخواستم", "نمیخواد", "نمیخاد",
    "لازم ندارم", "لازم نیست", "لازم نداره", "نیاز ندارم", "نیازی نیست", "نیاز نیست", "نیازی ندارم",
    "کاری ندارم", "کار ندارم", "مهم نیست", "اهمیتی نداره",
    # fresh5: said the way it is spoken, the «ت» dropped («تصادف و رنگ برام مهم نیس ماشین کار کنه بسه»)
    "مهم نیس", "نپرسیدم", "نمیپرسم", "بیخیال",
    # wrongs15: «it makes no difference» («۱۴۰ کار کرده باشه یا ۲۰۰ فرقی نمیکنه»), as «مهم نیست»
    "فرقی نمیکنه", "فرق نمیکنه",
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
_NEGATION = _phrase("|".join(map(re.escape, _NEGATORS)))
_NO = re.compile(r"(?:^| )(?:نه|یوخ)(?= |$)")  # «یوخ»: the Azeri «no» («روزی ۴۰۰ بدین میام، کمتر یوخ», fresh9)
# «تخفیف بده معطل نکن», «قیمت آخرو بگو تعارف نکن», «دست دست نکن، هنوز هست؟»: «don't keep me waiting / don't be shy» urges
# the request on, it refuses nothing
# «عکس واقعی بفرست نه عکس اینترنتی», «شماره خودتون رو بدید نه بنگاه»: «send X, not Y» asks for X; the «نه» right after
# the request sets Y aside, it does not refuse the request
_REQUEST_NOT = re.compile(r"(?:^| )(?:بفرست|بفرستید|بفرستین|بفرس|بدین|بدید|بده|بذار|بذارید|بذارین|بزار|بزارید|بزارین) نه(?= |$)")
_URGING = re.compile(r"(?:^| )(?:معطل|معطلم|معطلمون|دست دست|تعارف|لفتش|طولش) (?:نکن|نکنید|نکنین|نده|ندید|ندین)(?= |$)")
# «چند نفرست؟», «هفت نفرست»: seats («نفره است»), not «نفرست» (don't send)
_SEATS = re.compile(r"(?:^| )(?:چند|چن|\d+|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|دوازده) نفرست(?= |$)")
_NOT_NEEDED = _phrase(r"نمیخواد|نمیخاد|لازم نیست|لازم نداره|نیاز نیست|نیازی نیست|لازمه نیست")
_I_DONT = _phrase(r"نمیخوام|نمیخام|نمیخواهم|نخواستم|ندارم|نگو|نگید|نپرس|بیخیال")
_WHY = _phrase(r"چرا|chera")
# wrongs15: «سالم باشه», «سالم میخوام»: soundness wished for or set as a condition (read in :func:`clauses`)
_SOUND_WISHES = tuple(f"سالم {verb}" for verb in ("باشه", "باشد", "باشن", "باشند", "میخوام", "میخام", "میخواهم"))
_SOUND_WISHED = _phrase("|".join(_SOUND_WISHES))
# wrongs15: «why» in other words, for the guess at the reason after it («واسه چی میخواید بفروشیدش؟ عیبی پیدا کرده؟»)
_WHY_OTHER_WORDS = ("واسه چی", "برای چی", "برا چی", "به چه دلیل", "به چه علت")
_WHY_GUESS = _phrase("|".join(("چرا", "chera", *_WHY_OTHER_WORDS)))
# A question word: the clause after a «why» that holds one asks something new («چرا جواب نمیدی؟ آدرس کجاست؟»),
# one without is a yes/no guess at the reason («چرا میفروشی؟ مشکلی داره؟»)
_WH = _phrase(r"کجا\S*|چند\S*|چن|چقدر\S*|چقد\S*|کی|چی|چیه|چه|کدوم\S*|کدام\S*|چطور\S*|چجوری|آدرس\S*|ادرس\S*")
# «… به نظرت؟», «نظرتون چیه؟»: the seller's opinion is asked («بهتره یا …؟», «چقد درمیاد به نظرت؟»): no rule gives one
# «ال جی بهتره یا سامسونگ؟», «بیمه‌ی کدوم شرکت بهتره؟»: which of two or more is better, an opinion too (all such CV
# lines are `none`; «رم بیشتر بهتره؟» alone may still be read as a question about the item)
_OPINION = re.compile(
    r"(?:^| )(?:به nazaret|به nazaretoon|به nazaretun|به nazare شما|به نظرت|به نظرتون|به نظرتان|به نظر شما|نظرت|نظرتون|نظر شما|(?:بهتره|بهترن|بهتر است|ارزونتره|ارزونترن|ارزانتره|ارزانترن) یا|"
    r"کدوم (?:\S+ ){0,3}?(?:بهتره|ارزونتره|ارزانتره))(?= |$)"
)
# «شیائومی‌ها معمولا باتریشون زود خراب میشه؟», «کلاس رانندگی معمولا چند جلسه لازمه؟»: what is usual for the
# kind of product or trade is general knowledge, not a question about this item; no rule answers it (all
# such CV lines are `none`).  Not «کلا» («کلا چند؟» asks the total).
_USUALLY = _phrase(r"معمولا|عموما|اکثرا|معمولن")
# «فرق فرش ۷۰۰ شونه با ۱۰۰۰ شونه چیه؟», «بیمه رو چطوری خودم رد کنم؟»: how two kinds differ, how the buyer
# does a thing himself: general knowledge too.  Not when «این» points at the item («فرق این با مدل قبلی؟»),
# nor «… با سابقه فرق داره؟», «فرق داره با عکس؟» (whether it differs, not what the difference is).
_KNOWLEDGE = re.compile(r"^(?:\S+ )?(?:فرق|تفاوت) (?!این|اینو|اینا)(?:\S+ )+با (?:\S+ )*(?:چیه|چیست|چی|چیا)$|(?:^| )(?:چطوری|چجوری|چطور) خودم(?= |$)|(?:^| )خودم (?:چطوری|چجوری|چطور)(?= |$)")
# «۱۹ سالمه سربازی نرفتم», «من ۱۷ سالمه مامانم اجازه نمیده»: the buyer's age told, not asked (personal chatter,
# the label contract's `none`); said with «؟» («۲۲ سالمه، قبول میکنید؟») the clause still asks.
# «مبلو با فرش معاوضه نمیکنم، فقط نقدی میخرم», «قسطی نمیخریم»: a told clause that ends in the buyer's own «I won't …»
# (a first-person negative present verb) rules its thing out; it asks nothing.  Not «I don't know / can't / don't see»
# («نمیدونم», «نمیتونم», «نمیبینم», «نمیفهمم»: the buyer's trouble, often the question itself), nor an asked clause.
_I_WONT = re.compile(r"(?:^| )نمی(?!دون|دان|تون|توان|بین|فهم|شناس|شه|شم)\S+(?:م|یم)$")
# «بدون ارسال، خودم میام میبرم»: a short told clause «without X» rules X out (not «قسطی بدون ضامن میدید؟», which asks)
# «لابد حقوقتون هم ماهی پنج میلیونه 😂», «چرا میفروشین؟ لابد مشکلی داره»: «I bet …», the buyer's own guess, mostly
# sarcastic (every such corpus clause is `none`): it asks nothing a rule can answer, with «؟» or without
_I_BET = _phrase(r"لابد|labod|laabod")
# «دارم بار تحویل میدم، بعد جواب میدم», «قسط گوشی قبلیمو هنوز دارم میدم»: what the buyer is busy doing now (a told
# clause ending in «دارم … می…م»), his own errand, not a question of the item («دارم … میخوام» is a want: not this)
_DOING = re.compile(r"(?:^| )دارم (?:\S+ ){0,3}?می(?!خوا|خا)\S+م$")
_WITHOUT = re.compile(r"^(?:\S+ )?بدون \S+$")
_AGE_TOLD = re.compile(r"(?:^| )\d{1,2} (?:سالمه|سالم است|سالمه ها)(?= |$)")
# «وام قرض‌الحسنه از صندوق محل کارمون گرفتم», «کارت پایان خدمتم تازه اومده», «مرخصی ساعتی گرفته‌ام که …», «تازه گواهینامه
# گرفتم», «شماره رو اشتباه گرفتم»: what the buyer got or what just came to him, told (every such corpus clause without «؟»
# is `none`): its loan, card, leave or number are his own, not this item's or this job's terms. Asked («تازه اومده؟») it counts.
_GOT_TOLD = _phrase(r"گرفتم|گرفتیم|گرفتهام|گرفته ام|گرفته بودم|gereftam|تازه (?:اومده|اومد|رسیده|رسید)")
# «قیمت طلا بالا رفته», «اجاره‌ها تو این محله رفته بالا», «بنزین گرون شده»: a remark on the market, not a
# question about this item's price or rent (all such CV lines are `none`).
# «قیمت دلار امروز چنده؟», «ghimat sekke chande?», «سه هزار درصد تورم داریم اونوقت حقوقا همونه»: the price of
# a currency, gold or fuel, inflation: the market again, never this item's price or this job's pay (all such CV
# lines are `none`).  Folded forms: «ghimat gaz» folds to «قیمت gaz»; «قیمت گاز» alone may be a stove's («گاز رومیزی»).
_MARKET = re.compile(
    r"(?:^| )(?:رفته بالا|بالا رفته|رفتن بالا|بالا رفتن|گرون شد|گرون شده|گرون شدن|گران شد|گران شده|گران شدن|تورم|گرونی|"
    # «قیمت گوشیا تا عید میره بالا؟», «سر به فلک کشیده»: where prices are going (not «میاد پایین»: a discount asked)
    r"میره بالا|بالا میره|میرن بالا|بالا میرن|گرون میشه|گرون میشن|گرونتر میشه|سر به فلک|"
    r"(?:قیمت|نرخ) (?:دلار|یورو|ارز|طلا|سکه|بنزین|گازوئیل|گاز و برق|برق|gaz))(?= |$)"
    # «دستمزد کارگر ساده امسال چقد شده؟», «اجاره‌ها چقدر شده این روزا؟»: how a price moved this year, these days
    r"|(?:^| )(?:امسال|این روزا|این روزها) (?:\S+ ){0,2}?(?:چند|چقدر|چقد) شده(?= |$)|(?:^| )(?:چند|چقدر|چقد) شده (?:\S+ )?(?:امسال|این روزا|این روزها)(?= |$)"
    # fresh3: «قیمت سیمان چند شده؟», «نرخ کرایه وانت چقدر شده؟»: what a named thing has come to cost (14 of 15 such corpus
    # lines are `none`; «قیمت این گوشیه چند شده؟» names this item and asks its price), and a price «in the garages» (plural
    # places: the market, not this seller)
    r"|(?:^| )(?:قیمت|نرخ|هزینه) (?!(?:این|اون|همین|همون|ش|اش)(?= |$))\S+ (?:\S+ ){0,3}?(?:چند|چقدر|چقد) شده(?= |$)"
    r"|(?:^| )(?:تو|توی|در) (?:تعمیرگاها|تعمیرگاهها|مغازها|مغازهها|نمایندگیا|نمایندگیها|بنگاها|بنگاهها)(?= |$)"
)
# fresh3: «آگهی دیگه‌تون», «اون یکی آگهیت», «آگهی قبلیتون»: another listing of the seller's, not this one (the corpus's `none`);
# the clauses after it that point back at it with «اون» («…، اون هنوز هست؟») ask about it too (see :func:`clauses`)
# wrongs13: «آدرس اداره کار منطقه ۴ رو بلدی؟», «قیمت سرم رو میدونی؟», «قیمت انسولین رو میدونی چقدر شده؟»: whether the
# seller knows a thing («X رو بلدی / میدونی»): general knowledge about somewhere or something else, not this item (every
# such corpus line is `none`; «لوله‌کشی گاز بلدین؟», a trade's skill asked with no «رو», is not this)
_KNOW_OF = re.compile(r"(?:^| )(?:رو|را|و) (?:میدونی|میدونید|میدونین|میدونستی|میدونستید|بلدی|بلدید|بلدین)(?= |$)")
# wrongs13: «قیمت فرش دستباف تبریز الان چنده؟ میدونید؟», «ارسال یه بسته برای داداشم تو کیش چقدر میشه با پست؟ میدونی؟»,
# «دیوار چرا آگهیمو رد کرد؟ شما میدونی؟»: a bare «do you know?» after a question asks the seller's general knowledge; the
# question before it is not about this item (every such corpus line is `none`, see :func:`clauses`)
_YOU_KNOW = re.compile(
    r"^(?:(?:شما|تو|خودت|خودتون|شمام|تووم) )?(?:هم )?(?:میدونی|میدونید|میدونین|نمیدونی|نمیدونید|نمیدونین|بلدی|بلدید|بلدین|"
    r"خبر داری|خبر دارید|خبر دارین|اطلاع داری|اطلاع دارید|اطلاع دارین)(?: احیانا)?$"
)
# wrongs13: «سیم کارت رند ۰۹۱۲ دارم میخری؟», «گوشی منو میخری؟ نوت ۱۰ دارم», «من خودم یه مبل دارم ۲۰ میلیون میفروشم، میخرین؟»,
# «عسل کوهی اصل دارم، خواستی برات کنار میذارم», «… متری ۵۰ تومن انجام میدم، لازم داشتید بگید»: the writer sells to the seller
# (asks «do you buy?» or says «if you want it, …»): the whole message is about the writer's own goods or trade, none of its
# keywords asks about this item (every such corpus line is `none`; «۳۵ نقد میخری؟», a figure with it, is an offer: not this)
# wrongs16: «بیمه برای نیمه‌وقتا هم رد میشه؟ قانونش چیه؟», «مرخصی زایمان چند ماهه قانونا؟»: what the law says, asked: general knowledge
# (the question before a bare «what is the law?» goes with it, as before _YOU_KNOW)
_THE_LAW = re.compile(r"^(?:قانونش|قانون|قانون کار) (?:چیه|چیست|چی میگه|چه میگه)$")
_LAWFULLY = _phrase(r"قانونا|قانونن")
_YOU_BUY = re.compile(r"(?:^| )(?:میخری|میخرید|میخرین|mikhari|mikharid|mikharin)$")
_IN_ITS_PLACE = _phrase(r"جاش|بجاش|عوضش|روش")  # «پراید میدم جاش، میخری؟»: the buyer's thing offered in a swap (swap), not this
_IF_YOU_WANT_MINE = _phrase(r"خواستی (?:بخر|بیا|برات|بگو)|خواستید (?:بخرید|بیاید|بگید|بگین)|لازم (?:داشتی بگو|داشتید بگید|داشتین بگین|داشتید بگین|داشتی خبر بده|داشتید خبر بدید)")
# wrongs13: «مبل خودمم میخوام بفروشم، قیمت روز چنده؟», «ماشین خودم ۲۰۶ مدل ۹۵ه، میخوام بفروشم، چند بدم؟», «فرش دستباف خودمو
# میخوام بفروشم، کجا بیشتر میخرن؟»: the writer is selling his own thing; the price, place or specs he asks are his, not this
# item's (every such corpus line is `none`). Not when he sells to buy («… خانه بزرگ را بفروشیم و یک واحد کوچک‌تر تهیه کنیم»)
_SELL_MINE = _phrase(r"بفروشم|بفروشمش|بفروشیم|بفروشیمش")
_BUY_TOO = _phrase(r"تهیه|بخرم|بخریم|بخرمش|بگیرم|بگیریم")
# wrongs13: «آقا این جوابا اتوماتیکه؟ ربات جواب میده؟», «این پیام خودکاره یا خودتون جواب میدید؟», «رباتی؟»: the chat itself asked
# about (is a bot answering?), not the item: its «اتوماتیک» is no gearbox («دنده اتوماتیکه؟» names no answer or message)
_BOT = re.compile(r"(?:^| )(?:رباتی|رباتید|رباتین|روباتی|ربات جواب\S*|ربات هستی\S*|ربات هستید|ربات هستین|robot|bot)(?= |$)"
                  r"|(?:^| )(?:جواب|جوابا|جوابها|جوابات|جوابای|جوابتون|جوابت|پیام|پیاما|پیامها|پیامای|پیامتون|پیامت) (?:\S+ )?(?:اتوماتیک|اتومات|خودکار)\S*(?= |$)")
_OTHER_AD = re.compile(r"(?:^| )(?:اگهی\S*|اگهیای) (?:دیگ\S*|قبلی\S*)(?= |$)|(?:^| )اون یکی اگهی\S*(?= |$)")
# fresh3: «منظورتون از ودیعه همون رهنه؟», «منظور از تک‌برگ چیه؟»: what a word means, asked: no rule states it (`none`)
_WORD_MEANT = re.compile(r"(?:^| )(?:منظور|منظورتون|منظورت|منظورتان|منظور شما) از(?= )")
_POINTS_BACK = re.compile(r"^(?:اون|اونم|اونا|اونو|همون|همونم)(?= |$)")
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
    # wrongs16: «کجا ارزون عوض میکنن؟», «میدونی کجا گلس ارزون میزنن؟», «کجا درست میکنن؟»: where «they» do a job (a shop elsewhere); where
    # the buyer registers his own phone («گوشی پسرم رو کجا رجیستر کنم؟»); folded, «میکنن» is «میکن»
    r"|(?:^| )کجا (?:\S+ ){0,2}?(?:میکن|میکنند|میزن|میزنند)(?= |$)|(?:^| )کجا (?:رجیستر|رجیسترش|ریجستر) (?:کنم|کنیم)(?= |$)"
    # wrongs16: which bank gives a loan («وام خرید مسکن رو کدوم بانک زودتر میده؟»): the banks, not this flat's terms
    r"|(?:^| )(?:کدوم|کدام) بانک (?:\S+ )?(?:میده|میدن|میدهد|بگیرم|بگیریم)(?= |$)"
    # fresh3: «کجا بدم درستش کنن؟», «کجا ببرمش تعمیر کنن؟»: where to take the buyer's own thing to be mended
    r"|(?:^| )کجا (?:بدم|ببرم|ببرمش|برم|برمش|بدمش) (?:\S+ )?(?:تمدیدش|تعمیرش|درستش|تعمیر|درست) (?:کنن|کنه|کنند|کنم|کن)(?= |$)"
    # «قیمت آیفون ۱۶ تو دبی چنده؟», «دستمزد کارگر تو ترکیه چقدره؟»: prices and pay abroad, general knowledge
    r"|(?:^| )(?:" + "|".join(_ABROAD) + r")(?= |$)"
)
# «یخچالم برفک زده چیکار کنم؟», «بیمه بیکاری چجوری میشه گرفت؟ کسی میدونه؟»: advice for the buyer's own trouble,
# or a question put to anyone who knows: not asked of the seller about this item, and it takes the clauses
# before it along («یخچال خودم صدا میده، چیکار کنم؟»). All such CV lines are `none`.
# «یخچالمون برفک میزنه، مشکل از چیه؟», «حدس میزنید ایرادش از کجاست؟»: a diagnosis of the buyer's own trouble, advice too
_ADVICE = _phrase(r"(?:چیکار|چکار|چی کار|چه کار|چیکارش|چکارش|چیکارشون) (?:کنم|کنیم|باید بکنم)|کسی (?:میدونه|میدونید|میدونین|خبر داره|خبر دارید|خبر دارین)"
                  r"|(?:مشکل|ایراد|عیب|مشکلش|ایرادش|عیبش) از (?:چیه|چی|چیست|کجاست)|حدس (?:میزنید|میزنی|میزنین|بزنید|بزنین)")
# «میخواستم بپرسم جنسش چیه، ولی اون یکی آگهی رو خریدم», «ابعادو میخواستم بپرسم، دیدم نوشتین»: «I meant to
# ask», then the message goes on with no question: the buyer tells why he no longer asks.  Said as a polite
# question («میخواستم بپرسم هنوز هست؟», or a question after it) it still counts (see :func:`clauses`).
_MEANT_TO_ASK = re.compile(r"(?:^| )(?:میخواستم|میخاستم) (?:\S+ ){0,3}?(?:بپرسم|بدونم)(?= |$)")  # «میخواستم قیمت بپرسم ولی …»
# fresh8: «میخواستم بدونم باتریش چند درصده، مادربزرگم …»: the question after «I wanted to know» in the same clause is the polite
# form of asking it, not a question meant and dropped (no corpus line retracts in that shape; «اجاره‌ش رو میخواستم بدونم، ولی …» does)
_WANTED_TO_KNOW = re.compile(r"(?:^| )(?:میخواستم|میخاستم) (?:\S+ ){0,3}?بدونم \S")
# «میخواستم بپرسم هنوز موجوده، ممنون»: a clause of thanks after it tells nothing, so the question stands
_COURTESY = frozenset(fold(w) for w in {"ممنون", "ممنونم", "مرسی", "مرسیی", "تشکر", "متشکرم", "مچکرم", "سپاس", "سپاسگزارم", "لطفا", "قربونت",
                       "قربانت", "دمت", "گرم", "خدانگهدار", "خداحافظ", "فعلا"})  # fmt: skip  (folded: «ممنون» is «منون»)
# «… یا نه؟» (or not?) and «اگه نه …» (if not, …: «عوض میکنی؟ اگه نه آخرش چند؟») say «نه» without negating
_OR_NOT = re.compile(r"(?:^| )(?:یا|اگه|اگر)(?: هنوز| اینکه| اینکه هنوز| که)? (?:نه|یوخ)(?= |$)")  # «گرفته یا هنوز نه؟» asks, negates nothing
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
    # «… آهان نه ببخشید اشتباه فرستادم برای شما»: up to three words of «oh, no, sorry» before it
    r"|^(?:(?:بخشید|بخشین|بخش|سوری|sorry|اهان|آهان|اها|آها|نه) ){0,3}(?:اشتباه|اشتباهی) (?:شد|شده|فرستادم|نوشتم|پیام دادم|بود)(?= |$)"
    # «گارانتی داره؟ نه، منظورم یه چیز دیگه بود», «… manzoram ye chize dige bood»: the question before is taken back, not replaced
    r"|^(?:(?:نه|بخشید|بخشین|اها|آها) ){0,2}(?:منظورم|منظور من|manzoram) (?:\S+ ){0,2}?(?:چیز دیگه|چیز دیگهای|چیز دیگری|chize دیگه|این نبود|این نیست)(?= |$)"
    # wrongs9: «دستمزد کارگر تو شهر ما ۹۰۰ هزاره، گفتم بدونید», «… چند درمیاد؟ فقط محض اطلاع», «ادرس ما نارمکه، جهت اطلاع»: what
    # came before was said for the seller's information (a question too: asked «for the record»), not to be answered
    r"|^(?:(?:نه|فقط|صرفا|دیگه|خواستم|میخواستم) ){0,2}(?:گفتم (?:بدونی|بدونید|بدونین|در جریان باشی|در جریان باشید|در جریان باشین)|(?:محض|جهت|برای) اطلاع(?:تون|ت|تان)?(?: عرض کردم| گفتم)?)$"
)
# «دوستم گفت حقوق دیر میدید، راسته؟»: someone's word reported, then checked (_rumours_checked)
_REPORTED = _phrase(r"گفت|گفتن|گفته|گفتند|میگه|میگن|میگفت|میگفتن|میگویند|نوشته|نوشتن|شنیدم|شنیدیم")
_RUMOUR_CHECK = re.compile(r"(?:^| )(?:راسته|راسته یا نه|راست میگه|راست میگن|راست میگن یا نه|حقیقت داره)$")
# «رنگ داره؟ منظورم اینه کجاش رنگ شده», «چند شعله‌ست؟ منظورم خونه خودتون»: a clarification right after a question
# replaces the question's reading: the question's keywords no longer count, the clarification's own still do
# (see :func:`clauses`; a retraction above takes the question back instead)
_I_MEAN = re.compile(r"^(?:(?:نه|بخشید|یعنی) )?(?:منظورم|منظور من|منظورمون|manzoram)(?= |$)")
# ── senses: a keyword said about something other than this item or this deal ──────────
# «ممنون که عکس فرستادی 🌹», «مرسی بابت آدرس», «از تماستون ممنون»: thanks for what the seller already did;
# the thing thanked for is not asked again (a statement: a clause ended by «؟» still asks).  Not «ممنون میشم
# عکس بفرستید» (I'd be grateful if …: a request).  The message is read for it only when the thanks word comes
# with «که / بابت / از» (READING_MARKERS; a bare «ممنون» is in too many messages): «از تماستون ممنون» is read
# this way only when another marker made the message worth reading.
_THANKS_WORDS = "|".join(sorted({fold(w) for w in ("ممنون", "ممنونم", "مرسی", "مرسیی", "تشکر", "متشکرم", "مچکرم", "سپاس",
                                                   "سپاسگزارم", "ساغ اول", "merci", "mersi", "دمت گرم", "دمتون گرم", "دستت درد نکنه",
                                                   "دستتون درد نکنه")}))  # fmt: skip
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
_MYSELF_VERB = frozenset(fold(w) for w in ("بیام", "برم", "ببرم", "بگیرم", "بیارم", "بخرم", "بکنم", "بزنم", "ببینم", "بدم", "بیایم", "ببریم",
    # recall11: «ماشین خودم باید باشه؟», «موتور خودم باشه یا شرکت میده؟»: whether it must be the writer's own, a requirement asked
    # (a job's term), not his own thing told
    "باشه", "باید", "باشد"))
_OWN_NOT_NOUN = frozenset(fold(w) for w in (
    "من", "ما", "از", "با", "پای", "مال", "برای", "برا", "واسه", "که", "یا", "و", "رو", "را", "هم", "اگه", "اگر", "بعد",
    "ولی", "اما", "الان", "فقط", "شاید", "خب", "نه", "آره", "حتما", "باید", "خودم", "اینجا", "بعدا", "دیگه", "اول",
    "نیست", "هست", "است", "لازم", "نمیخواد", "اصلا", "کلا", "تا", "به", "بدید", "بدین", "بده", "راستش", "چون", "چرا"))  # fmt: skip
_SWAP_WORDS = re.compile(r"(?:^| )(?:عوض|معاوضه|تاخت|تهاتر|معاوضش|عوضش)")
# recall7: «ببرمش پیش مکانیک خودم؟», «ببریمش مکانیکی خودم یه نگاه بندازه؟»: the buyer's own mechanic or inspector, the item
# taken to him (the label contract's visit), is no thing of the buyer's whose specs or condition he tells
_OWN_CHECKER = frozenset(fold(w) for w in ("مکانیک", "مکانیکی", "کارشناس", "کارشناسی", "تعمیرگاه", "تعمیرکار"))
_TAKEN_TO = re.compile(r"(?:^| )(?:" + "|".join(fold(w) for w in ("ببرم", "ببریم", "ببرمش", "ببریمش", "بیارم", "بیاریم", "بیارمش")) + r")(?= |$)")
# «رویه کوب خوب سراغ دارید؟», «باربری ارزون میشناسید؟», «یه بنگاه مطمئن معرفی کنید»: someone else is asked for, not this item
_REFERRAL = _phrase(r"سراغ (?:داری|دارید|دارین|داره|دارن)|میشناسی|میشناسید|میشناسین|معرفی (?:کن|کنید|کنین|کنی)|معرفیم (?:کن|کنید|کنین)"
                    # fresh3: «بیمه کجا رو پیشنهاد میدی؟», «کدوم تعمیرگاه رو پیشنهاد میکنید؟»: a place or a firm recommended
                    r"|(?:کجا|کدوم|کدام) (?:\S+ ){0,2}?(?:پیشنهاد|پیشنهادتون|پیشنهادت) (?:میدی|میدید|میدین|میکنی|میکنید|میکنین|چیه)"
                    # wrongs13: «شماره یه تعمیرکار لباسشویی خوب داری؟», «shomare-ye ye barbari arzoon dari?»: the number of «a»
                    # someone, a third party («shomare ye tamas?» folds to «شماره یه تماس»: the seller's own number, not this)
                    r"|(?:شماره|شمارهی) (?:یه|یک) (?!تماس|تلفن|موبایل|ثابت|همراه|واتساپ|واتس|خودت|خودتون|شما|دیگه)\S+")
# «بهترین منطقه تهران برای سرمایه‌گذاری کجاست؟», «ارزونترین بیمه کدومه؟»: the best of a kind, asked in general (an
# opinion; «بهترین قیمتت چنده؟» asks the last price: not «کجا» / «کدوم»)
_BEST_WHERE = re.compile(r"(?:^| )(?:بهترین|ارزونترین|ارزانترین|بهترینش) (?:\S+ ){0,5}?(?:کجا\S*|کدوم\S*|کدام\S*)(?= |$)")
# «آدم نمیدونه کجا بره», «نمیدونم کجا بفرستمش»: the speaker's own not knowing, told, not asked of the seller
_UNSURE = re.compile(r"(?:^| )(?:نمیدونم|نمیدونه|نمیدونیم|نمیدونن|nemidone|nemidonam|nemidunam|nemidune) (?:\S+ ){0,2}?(?:کجا|چیکار|چکار|چطوری|چجوری|koja)(?= |$)")
# «متراژش برای ما کوچیکه», «ساعتش به من نمیخوره», «رنگش با پرده‌هامون نمیخونه», «متراژ برای ما کافی نیست»: the buyer tells why the
# item does not suit him (a decline: the label contract's `none`), told, not asked: its size, hours or colour are not a
# question about the item («برای سه نفر کافیه؟» asks; the rules' thanks `unless` reads the same decline beside a thanks)
_UNSUITED = re.compile(
    r"(?:^| )(?:برای|برا|واسه|به درد) (?:\S+ ){0,3}?(?:کوچیکه|کوچکه|کوچیک است|کوچک است|بزرگه|بزرگ است|کافی نیست|مناسب نیست|نمیخوره)(?= |$)"
    r"|(?:^| )(?:به|با) (?:\S+ ){0,2}?(?:نمیخوره|نمیخونه|نمیخورد|هماهنگ نیست|جور نیست|ست نیست)(?= |$)"
)
# «شما خودتون کجا میرید زندگی کنید؟»: the seller's own plans, personal chatter
_YOUR_PLANS = re.compile(r"(?:^| )(?:خودتون|خودت|شما) (?:\S+ )?کجا (?:میرید|میرین|میری|میرن|میخواید|میخوای|میخواین)(?= |$)"
                         r"|(?:^| )(?:بزرگ شدی|بزرگ شدید|بزرگ شدین|دنیا اومدی|دنیا اومدید|دنیا اومدین)(?= |$)")  # «تو کدوم محله بزرگ شدی؟»
# «تصادف دیروز تو اتوبان رو دیدی؟», «آقا شما دیروز زنگ زدید؟», «بیمه ماشین خودم دیروز تموم شد»: what happened
# yesterday or last night is a story, or asks about an event, never a question about the item now
_YESTERDAY = _phrase(r"دیروز|دیروزم|پریروز|دیشب|دیشبم")
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
# fresh7: a state the item does not have, wished or imagined in the past («اگه رنگش کرم بود همین الان میخریدم», «اگه طبقه همکف
# بود میگرفتمش، حیف شد», «اگه تصادفی بود چقدر ارزون‌تر میدادیش؟», «اگه آیفون ۱۳ بود چند میفروختی؟»): «اگه … بود / داشت» then a
# verb in the past imperfect (a past stem in «د / ت» and a person's ending) is counterfactual; what it names is not asked of
# this item (the label contract's `none`). A real condition keeps a present verb («اگه سالم بود میام», «اگه هنوز هست بگو»);
# stems whose present ends in «د / ت» are left out («میفرستی», «میبندی», «میفتم»).
_COUNTERFACTUAL = re.compile(
    r"(?:^| )(?:اگه|اگر) (?:\S+ )*?(?:بود|بودی|بودید|بودین|بودن|بودم|بودیم|داشت|داشتی|داشتید|داشتین|داشتم|داشتیم|میشد|میبود) (?:\S+ )*?"
    r"ن?می(?!فرست|بند|دوز|خند|ایست|فت|وفت|افت)\S+(?:د|ت)(?:م|یم|ی|مش|یمش|یش|ید|ین)(?= |$)")
# fresh7: «اگه بابام از مشهد بیاد شاید بیایم», «ما عید میایم تهران، شاید اون موقع ببینیم»: a maybe of coming, told, asks no visit
# wrongs16: «دنبال یه خونه با حیاطم که بچه‌ها بازی کنن», «دنبال یه مبل راحتی‌ام که رنگش با پرده‌هام جور باشه», «دنبال یه کار نیمه وقت
# برای تابستون بودم، …»: what the buyer is looking for, told (the label contract's requirement told with nothing asked, `none`); a
# question beside it, in its own clause or asked in the same («… دنبال یک گوشی خوب هستم لطفا بفرمایید این دستگاه گارانتی دارد یا خیر»:
# a request or a word of asking), still asks
# wrongs16: «آهان پس رهن کامل نمیدید، باشه ممنون», «آهان پس فروخته شده، باشه، خدانگهدار», «آها پس گارانتی نداره. فاکتورش چی؟»: «oh, so
# …», told: the buyer takes in the seller's answer; what he repeats is not asked again (a question after it still asks)
_SO_TOLD = re.compile(r"^(?:اهان|اها|اهااا|اهاا) پس(?= |$)")
_SEEKING = re.compile(r"^(?!.*(?:لطفا|بفرمایید|بفرمائید|خواهشمند|امکانش|ایا|آیا|میشه|بگید|بگین|یا نه|یا خیر))(?:.* )?دنبال (?:یه|یک) \S+")
_MAYBE_COMING = re.compile(r"(?:^| )(?:شاید|shayad) (?:\S+ ){0,3}?(?:بیام|بیایم|بیاییم|ببینیم|ببینم|بخرم|بخریم|بیام سراغت)(?= |$)")
_BECAUSE = frozenset(("اخه", "چون", "akhe"))  # fresh7: a told «because …» (clauses)
# «آگهیتونو دیدم میخواستم بدونم هنوز هست»: a polite question after the story
_WISH_TO_KNOW = _phrase(r"بدونم|بدانم|بفرمایید|بفرمائید|بفرمایین")
_PERFECT = re.compile(r"(?:^| )\S+ه (?:بود|بودم|بودی|بودید|بودین|بودن|بودیم)(?= |$)|(?:^| )\S+ (?:بود|بودن|بودند)$")  # «… افتاده بود», «یه شماره ناآشنا بود»
# «واتساپ پیام دادم، ببینید»: a messenger named is where to talk (the label contract's `contact`), story or not
_MESSENGER = re.compile(r"(?:^| )(?:واتساپ|واتس اپ|واتس|تلگرام|ایتا|روبیکا|whatsapp|telegram|eita)\S*(?= |$)")
_IF = _phrase(r"اگه|اگر|agar|age")


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
_REQUEST = _phrase(r"بده|بدید|بدین|بفرس\S*|بگو|بگید|بگین|بذار\S*|بزار\S*|لطفا|زنگ|تماس")
# «جای دیگه همینو ارزون‌تر زدن», «همین ماشینو تو شیپور سی تومن ارزون‌تر گذاشتن»: a cheaper price seen elsewhere, told
# (not asked, no request: «همینو ارزونتر بده» asks a discount)
_CHEAPER_THERE = _phrase(r"ارزونتر|ارزانتر|نصف قیمت")
_THEY_SELL = _phrase(r"زدن|زده|زدند|میده|میدن|میدند|گذاشتن|گذاشته|گذاشتند|میفروشن|میفروشه|دیدم|خریدم|دادن")
# «کلی میپرسم», «کلا میپرسم»: the buyer says his question is general, not about this item (takes along what came before)
_IN_GENERAL = re.compile(r"(?:^| )(?:کلی|کلا|همینطوری|همینجوری) (?:میپرسم|پرسیدم)(?= |$)")
_PHOTO_REMARK = re.compile(r"(?:^| )(?:عکس|عکسش|عکسا|عکساش|عکسها|عکسای|عکسش|عسک|aks) (?:\S+ ){0,3}?(?:معلوم نیست|مشخص نیست|واضح نیست|پیدا نیست|تیره|تاره|تار|بد افتاده|کیفیت نداره|نشون میده|نشون نمیده|نشان میدهد|نشان نمیدهد)(?= |$)")
# (fresh9: what a photo shows, «عکسا نشون میده گلگیر رنگ خورده، درستس؟», «عکس یه جور نشون میده», is such a remark too)
_CHATTER = _phrase(r"یادت میاد|yadet میاد|یادته|یادتونه|یادت هست|چه خبرا|چه خبر|کجایی این روزا|کجایید این روزا")
_WHERE_ARE_YOU = re.compile(r"^(?:\S+ )?(?:کجای|کجایی|کجایید|کجاین|کجا بودی|کجا بودید|کجا هستی)$")


# «واحد بغلی‌تون رو چند فروختن؟», «خونه همسایتون رو چند خریدن؟»: another's sale (a neighbour's unit, «they sold»), not this item
_OTHERS_SALE = re.compile(r"(?:^| )(?:بغلی\S*|فروختن|فروختند|خریدن|خریدند)$|(?:^| )(?:واحد|خونه|خانه|مغازه|آپارتمان|اپارتمان|ماشین) (?:بغلی|همسایه|همسایتون|همسایه ها)\S*(?= |$)")


# «قیمت سیمان این روزا چنده؟», «نرخ چوب امروز متری چند؟», «قیمت فرش دستباف تو بازار چنده؟»: a named good's price
# these days, by the unit today, or at the market: the market again, asked or told (the rules' `market-price` lists
# materials; this reads any noun).  Not «قیمت نهایی این روزا؟» (this item's price: a word of the deal after «قیمت»), nor
# «قیمت میز چوبی امروز چنده؟» (the item named, today: «امروز» alone is not the market).
_PRICE_WORDS_OF_DEAL = "|".join(sorted({fold(w) for w in "این اون همین نهایی اخر آخر اخرش آخرش نقد نقدی نقدش قطعی مقطوع واقعی کارشناسی روز تون رو را هم چند چنده چقدر چقدره چن شما ت ش".split()}))
_MARKET_NOW = re.compile(r"(?:^| )(?:قیمت|نرخ) (?!(?:" + _PRICE_WORDS_OF_DEAL + r")(?= |$))\S+ (?:\S+ ){0,3}?(?:امروز (?:متری|کیلویی|تنی|گرمی|کیسهای|کیسه ای)|این روزا|این روزها|تو بازار|توی بازار|در بازار)(?= |$)")
# wrongs16: «اجاره‌های این محل الان چه خبره؟», «قیمت ملک تو این منطقه متری چنده؟ میخوام بدونم ارزشش چقدره», «قیمت رهن تو این محله …»:
# the prices or rents of «this area», asked or told: the market again (every such corpus line is `none`; the item's own price names
# no area: «قیمتش چنده؟»)
_AREA_MARKET = re.compile(r"(?:^| )(?:قیمت|نرخ|اجاره|رهن|ودیعه)\S* (?:\S+ ){0,3}?(?:(?:تو|توی|در|برای|برا|واسه) )?(?:این|همین) (?:منطقه|محله|محل|مناطق)(?= |$)")
# «عجب قیمتایی 🤣», «ajab gheymat haii», «این قیمتا چیه آخه؟!», «قیمتا رو دیدی؟ دیگه نمیشه خرید»: prices exclaimed at, not
# asked of the seller (all such CV lines are `none`).  «چه قیمتی میدی؟» asks: «چه» is not one of them.
_PRICE_EXCLAIMED = re.compile(
    r"(?:^| )(?:عجب|ajab) (?:\S+ )?(?:قیمت|قیمتا|قیمتای|قیمتها|قیمتهای)(?= |$)"
    r"|(?:^| )(?:این|اون) (?:قیمتا|قیمتها|قیمتای|قیمت ها|قیمت ha|قیمت hai) (?:\S+ )?(?:چیه|چیست)(?= |$)"
    r"|(?:^| )(?:قیمتا|قیمتها|قیمت ها|قیمت ha) (?:رو |را |ro )?(?:دیدی|دیدین|دیدید|didi|didin|didid)(?= |$)"
    r"|(?:^| )با این (?:قیمتا|قیمتها|قیمتای|قیمت ها)(?= |$)"  # «با این قیمتا دیگه باید تو کارتن خوابید»
)
# «این قیمت واقعیه یا شوخیه؟», «جدی این قیمته؟ مسخره‌ست»: the price scorned as a joke: it takes the clauses before it along
# (a retraction: «rast migi? in gheimat? ya shookhie?» asks nothing).  Not «شوخی کردم» (the buyer's own joke, read elsewhere).
_PRICE_JOKE = _phrase(r"شوخیه|شوخیست|شوخیه دیگه|shokhie|shokhiye|shookhie|مسخرست|مسخرهست|مسخره ست|مسخره است")
# «alo? kojaii pas? 😒», «کجایی تو؟ دو ساعته پیام دادم»: the buyer chasing a silent seller (where have you been?), not
# asking the address; Finglish included («pas» is not in the lexicon; the rules' `unless` reads the Persian as typed)
_CHASING = re.compile(r"^(?:\S+ )?(?:کجای|کجایید|کجاین|کجایین) (?:پس|pas|پسر|pesar|تو)$")
# «کجایید؟ نیم ساعته دم در منتظرم», «کجایی داداش؟ خیلی وقته ندیدمت»: a bare «where are you?» beside the buyer waiting, or
# missing the seller: both clauses are the chase (read in :func:`clauses`), not the address nor a delivery to the door
_WHERE_ARE_YOU_TO = re.compile(r"^(?:\S+ )?(?:کجای|کجایی|کجایید|کجاید|کجاین|کجایین|کجا بودی|کجا بودید|کجا هستی)(?: (?:داداش|رفیق|عزیز|عزیزم|جان|اقا|آقا|پس|pas|تو))?$")
_WAITING = _phrase(r"منتظرم|منتظرتم|منتظریم|وایسادم|وایستادم|ایستادم|دم درم|دم دریم|رسیدم|ندیدمت|ندیدمتون|(?:\S+ )?(?:ساعته|دقیقه اس|دقیقست|دقیقه است|دقیقهست)"
                   # fresh3: «کجایی؟ دو روزه زنگ میزنم», «کجایید؟ از صبح پیام میدم»: chasing a seller who does not answer
                   r"|(?:\S+ )?(?:روزه|هفتس|هفته است|از صبح|از دیروز) (?:\S+ )?(?:زنگ میزنم|پیام میدم|پیام میزنم|زنگ زدم|پیام دادم)")
# «آدرس ما نارمکه», «خلافی ماشین من ۳ میلیونه», «قسط وام ازدواجمون هنوز نیومده», «بیمه ماشینم تموم شده»: the buyer's own
# address, car, loan or papers, told: not asked of this item or deal (every such corpus clause is `none`).  Told only (a
# question «حقوق من چقدر میشه؟» still asks), and not a clause that asks in another way: a question word, a request, a verb
# said to the seller («وامم جور شده قسطی میدی»), a thing brought to the deal («با ماشین من عوض میکنی»), a swap.
_MINE_NOUNS = ("ادرس|خونه|خانه|ماشین|موتور|گوشی|وام|قسط|خلافی|بیمه|پلاک|کارت|سند|رهن|ودیعه|اجاره|حقوق|پارکینگ|اینترنت|ساعت کاری|"
               "یخچال|معاینه|مغازه|واحد|اپارتمان|اسباب|جهیزیه|گواهینامه|سیمکارت|mashin|khone")
_FORMER_OR_KIN = ("قبلی|قبلیم|قبلیمون|قبلیمان|فعلیم|فعلیمون|فعلیمان|مادرم|مامانم|پدرم|بابام|خواهرم|برادرم|داداشم|دوستم|رفیقم|همکارم|پسرم|"
                  "دخترم|خانمم|شوهرم|همسرم|مادرزنم|مادرشوهرم|پدرزنم")
_MINE = re.compile(
    r"(?:^| )(?:" + _MINE_NOUNS + r")\S* (?:\S+ ){0,2}?(?:من|ما|منو|مارو)(?= |$)"
    r"|(?:^| )(?:" + _MINE_NOUNS + r")(?:م|ام|مون|مان|یم|یام)(?= |$)"
    r"|(?:^| )(?:" + _MINE_NOUNS + r")\S* (?:ماشینم|موتورم|خونم|خونهام|خونمون|خونهمون|گوشیم|وامم|کارم|ازدواجمون|ازدواجم|ماشینمون|khodam)(?= |$)"
    # fresh7: the buyer's former or present one, or a relative's («خونه‌ی قبلیمون نم داشت», «پارکینگ خونه فعلیمون مشاعیه», «اجاره‌ی
    # خونه‌ی مادرم ماهی ۱۲ تومنه», «گارانتی گوشی قبلیم تموم شد»); not one the buyer buys for or sends to («واسه گوشی پسرم»,
    # «پست کن به آدرس خواهرم»)
    r"|(?:^| )(?<!برای )(?<!برا )(?<!واسه )(?<! به )(?<!^به )(?:" + _MINE_NOUNS + r")\S* (?:" + _FORMER_OR_KIN + r")(?= |$)"
)
_ASKING = _phrase(r"کجا\S*|چند\S*|چن|چقدر\S*|چقد\S*|کی|چی|چیه|چه|کدوم\S*|کدام\S*|چطور\S*|چجوری")  # _WH without «آدرس»
# «دستمزد کاشی‌کاری متری چنده، تخفیف هم میدید؟»: a how-much word asks its clause, ended by «؟» or not (wrongs9)
_HOW_MUCH_ASKED = _phrase(r"چند|چنده|چن|چقدر|چقدره|چقد|چقده|چیه")
_SAID_TO_YOU = re.compile(r"(?:^| )(?:می\S+(?:ی|ید|ین)|دارید|داری|دارین|هست|هستش|موجوده|ندارید|نداری)(?= |$)")
# «ghesti kharidam, hanuz ghestesh tamoom nashode», «aksa ro didam»: a Finglish «I did», told: the buyer's story, as
# _story reads the Persian (the lexicon leaves most Finglish past verbs in Latin letters)
_FINGLISH_DID = re.compile(r"(?:^| )(?!(?:khodam|adam|porsidam|goftam|dashtam|khastam|nagoftam)(?= |$))"
                           r"[a-z]+(?:idam|ftam|khtam|shtam|dadam|zadam|ardam|ordam|oodam|odam|madam)(?= |$)")
# «سابقه کار بانکی دارم، رزومه کجا بفرستم؟», «۵ سال تجربه دارم، شماره بدید»: a job-seeker's own experience told beside
# a request for where to send his CV or whom to call: the question is the contact, not the job's terms (read in
# :func:`clauses`; told beside «قبول میکنید؟» or «میتونم بیام؟» it is the requirement asked: `job`, as the contract says)
# wrongs11: a driving licence too («گواهینامه پایه یکم دارم ولی ۵ ساله رانندگی نکردم»: his story when nothing is asked)
# wrongs16: a trade the writer knows too («عملگی بلدم», «کار خونه بلدمه»), as his experience
_EXPERIENCE_TOLD = re.compile(r"(?:^| )(?:(?:سابقه|تجربه|مدرک|گواهینامه|sabeghe|tajrobe)\S*|سال سن) (?:\S+ ){0,4}?(?:دارم|داریم|daram)(?= |$)"
                              r"|(?:^| )\S+ (?:بلدم|بلدمه)$")
_SEND_CV = _phrase(r"رزومه\S*|rezome\S*|cv|ایمیل\S*|email|شماره\S*|بفرستم|befrestam")
# wrongs16: a job seeker's «do you have work?» as its clause («کاشیکارم، ۱۲ سال سابقه دارم، کار دارید؟», «عامو کار ساختمونی دارید؟ …»,
# «کار ساختمونی هست برای من؟»; not a sample: «نمونه کار دارید؟»); «are you hiring?» is _hires below
_WORK_ASKED = re.compile(r"^(?:(?!نمونه|سابقه)\S+ )?(?:(?:اسا|ایسه|الان|هنوز|هنوزم) )?کار (?:\S+ ){0,2}?(?:دارید|دارین|داری|هست|هس)(?: (?:برای|برا|واسه) \S+)?$")


# «ساعت چنده؟», «الان ساعت چنده؟», «ببخشید ساعت چنده؟» as a clause of its own: the time of day asked (read in :func:`clauses`)
_CLOCK = re.compile(r"^(?:(?:الان|بخشید|ببخشید|راستی|اقا|داداش|اونجا|کسی میدونه|میدونی|میدونید) )*ساعت (?:چنده|چند است|چند هست)(?: الان)?$")
# wrongs15: «ساعت چنده؟ ساعتی که تو عکسه رو میگم 😂 قیمتش»: the buyer says which thing he means (a watch), not the time
_SAYS_WHICH = re.compile(r"(?:^| )(?:رو|را|و) میگم(?= |$)|(?:^| )منظورم(?= |$)")


# wrongs14: a word that asks, requests, thanks, speaks to the seller («…ید / …ین», «…تون») or weighs an «if / or»: a message
# with none of them, no «؟» and five words or more asks nothing (:func:`told_only`)
_ASKING_WORD = re.compile(
    r"یا|اگه|اگر|سوال\S*|سؤال\S*|خواهشمند\S*|\S*فرمایید|\S*فرمائید|\S*نمایید|آیا|ایا|\S*چن\S*|چق\S*|چجور\S*|چطور\S*|کجا\S*|کی|چی\S*"
    # (wrongs16: not a place in «ستان», «شهرستان», «بیمارستان», «تابستان»: no formal «your»)
    r"|چه|کدوم\S*|لطفا|مهمه|کافیه|میشه|میشود|داره|دارد|هست|هستش|هستن|نیست|نیس|بده|بگو|\S+(?:ید|ین|یدش|ینش)|\S*تون\S*|\S*(?<!س)تان"
    r"|میخوا\S*|لازم\S*|نیاز\S*|ممنون\S*|مرسی|سپاس\S*|تشکر|ok|اوکی")
_TOLD_SPLIT = re.compile(r"[\s،,.!:؛]+")


def told_only(text: str) -> bool:
    """A message (a rule's ``unless`` form: canonical text, or its Finglish reading) that asks nothing: no «؟», five words
    or more, none of them a word of asking, requesting, thanking, a verb or a «your» said to the seller, an «if» or an «or»
    («مو کارای کشاورزی بلدم تراکتور هم میرونم», «پایه ۱ دارم، ۱۲ سال سابقه تریلی», «قیمت مصالح باز رفت بالا»): the writer's
    story, his trade or an advert (the label contract's `none`). A rule with ``unless_told`` stays out of it; a short noun
    phrase («هزینه و نمونه کار») still asks."""
    if "?" in text or "؟" in text:
        return False
    words = [w for w in _TOLD_SPLIT.split(text) if w]
    return len(words) >= 5 and not any(_ASKING_WORD.fullmatch(w) for w in words)


def _about_else(text: str, asked: bool, spaced: str, hits: set[str]) -> bool:
    """Whether a clause speaks of something other than this item or deal (the senses above); ``spaced``: ``" " + text``,
    ``hits``: its :func:`_hits`."""
    if not asked and (_TOLD_S.found_in(spaced, hits) or _story(text, asked)
                      or (("ارز" in text or "نصف" in text) and _CHEAPER_THERE.search(text) and _THEY_SELL.search(text) and not _REQUEST.search(text))):
        return True
    if not asked and (_FINGLISH_DID.search(text) or _mine_told(text)):
        return True
    return _own(text) or _ELSE_ANYWAY_S.found_in(spaced, hits)


def asks_how_much(text: str) -> bool:
    """A clause (plain folded words) asks a sum by its own words, with or without «؟»: a buyer often types
    the first of two questions with a comma («قیمتش چنده، تخفیف هم میدی؟»), and a told price («قیمتش
    زیاده، …») holds no how-much word."""
    return bool(_HOW_MUCH_ASKED.search(text))


def _mine_told(text: str) -> bool:
    """A told clause speaks of the buyer's own thing (_MINE, _OWN) and asks nothing of the seller (see _MINE)."""
    return bool(_MINE.search(text) or _own(text)) and not _ASKING.search(text) and not _REQUEST.search(text) \
        and not _SAID_TO_YOU.search(text) and not _SWAP_WORDS.search(text) and not _BROUGHT.search(text)


# a clause said to the seller: a question word, a request, a verb in the second person («میدی», «بیاید», «بگیرید»)
_TO_SELLER = re.compile("|".join(f"(?:{p.pattern})" for p in (_ASKING, _REQUEST, _SAID_TO_YOU)) + r"|(?:^| )ب\S+(?:ید|ین)(?= |$)")
_BROUGHT = re.compile(r"(?:^| )با (?:\S+ ){0,2}(?:" + _MINE_NOUNS + r")")  # «با ماشین من عوض میکنی»: brought to the deal


def _own(text: str) -> bool:
    """«متراژ خونه خودمون ۷۰ متره»: a noun, then «خودم» (see _OWN)."""
    own = _OWN.search(text) if "خودم" in text else None
    following = own.group("next") or "" if own is not None else ""
    if own is not None and own.group("noun") not in _OWN_NOT_NOUN and not own.group("noun").startswith(("می", "نمی")) \
            and not following.startswith(("می", "نمی")) and following not in _MYSELF_VERB \
            and not re.search(r"(?:^| )با (?:\S+ ){0,3}$", text[: own.start("noun")]) and not _SWAP_WORDS.search(text) \
            and not (own.group("noun") in _OWN_CHECKER and _TAKEN_TO.search(text)):
        return True
    return False



# Words that make a message worth reading clause by clause; the matcher finds them in the
# same automaton pass as the keywords (`prefix` patterns), so most messages pay nothing.
# a child's school year («کلاس سومه»), read by _words_in_another_sense (wrongs7)
_GRADES = ("اول", "دوم", "سوم", "چهارم", "پنجم", "ششم", "شیشم", "هفتم", "هشتم", "نهم", "دهم", "یازدهم", "دوازدهم")
# wrongs15: a word that begins with a keyword but is another word: «خدا بیامرزه» (not «بیام»), «پیکسل سوخته» (not «پیک»), «اصل
# ایتالیاییه؟» (not the messenger «ایتا»), «we bring» («کمد رو خودتون باز میکنید بیاریم؟», «گوشی رو از دبی میاریم»: the buyer
# carries, not delivery's «بیاری / میاری»); no hit starting in it counts
_LONGER_WORD = ("بیامرز", "پیکسل", "ایتالی", "بیاریم", "میاریم")
# wrongs16: «فاکتور خریدشو دارین هنوز؟», «کارت گارانتیش هنوز دستته», «ضمانت نامه ش هنوز معتبره؟», «شناسنامه فرش موجود است؟»: «still / in
# stock» said of a paper the item came with, after it in its clause (no «و / یا» between): whether the paper is still there (the label
# contract's documents), not whether the item is (a stock word before it, «ماشین هنوز فروش نرفته و اینکه بیمه داره», asks both)
_PAPERS = ("فاکتور", "گارانتی", "ضمانت", "شناسنامه", "کتابچه", "دفترچه", "کارتن", "جعبه")
_STILL_THERE = frozenset(("هنوز", "هنو", "هنوزم", "موجود", "موجوده", "دستتونه", "دستته", "دستتون", "دارین", "دارید", "داری", "هست", "هس", "هستش"))
# wrongs15: «قیمت کارشناسی چنده؟», «کارشناسی شده چند در اومده؟», «دیوار تیک کارشناسی زده، یعنی چی؟», «کارشناسی خودروی دیوار چقدر
# میگیره؟», «نهصد میدم بدون کارشناسی»: an appraised price, the appraisal done, or Divar's own appraisal service: no inspection of
# this item asked (the visit's «کارشناسی»: «ببرمش کارشناسی؟», «کی بیام کارشناسی؟»)
_APPRAISAL = ("کارشناس", "karshenas")
# wrongs16: the seller took it to be appraised («ماشین رو بردی کارشناسی؟ برگه‌ش هست؟»: done, asked of the seller, no visit)
_APPRAISED_BEFORE = frozenset(("قیمت", "تیک", "برگه", "بدون", "ghimat", "gheymat", "بردی", "بردید", "بردین", "بردیش"))
# swap2: «شیرآلاتو عوض میکنید؟», «تایم مصاحبه رو عوض میکنید؟ فردا نمیتونم»: a thing named, then «عوض میکنید», and nothing of the
# buyer's given for it anywhere («با …», «جاش / عوضش / روش», «معاوضه», «… دارم», money on top, «منو», «…م رو / …مو»): the seller is
# asked to replace or move it (a plumber's taps, an interview's time), not to swap. «اینو عوض میکنی؟» (this one) stays a swap.
_SWAP_VERB = frozenset(("میکنید", "میکنین", "میکنی", "مکنی", "میکنن"))
_SWAP_PARTNER = _phrase(r"با|باهاش|باهام|جاش|بجاش|عوضش|روش|بجای|دارم|داریم|پول|پولی|منو|من|سر|معاوضه|تعویض|تاخت|تهاتر|چی|چیزی")
_THIS_ONE = frozenset(("این", "اینو", "اون", "اونو", "اینا", "اینارو", "همین", "همینو"))


def _replaced_not_swapped(words: list[str], at: int, marked: str) -> bool:
    """Whether the «عوض» at ``at`` asks a thing replaced (_SWAP_VERB above): a thing named before it, not this one nor the buyer's own."""
    if words[at] != "عوض" or at + 1 >= len(words) or words[at + 1] not in _SWAP_VERB or not at:
        return False
    thing = words[at - 1]
    if thing in (CLAUSE, ASKED) or thing in _THIS_ONE:
        return False
    start = max((i + 1 for i in range(at) if words[i] in (CLAUSE, ASKED)), default=0)
    named = words[start:at]
    if any(w.endswith("مو") or (w.endswith("م") and nxt in ("رو", "را")) or (w in _THIS_ONE and nxt in ("رو", "را"))
           for w, nxt in zip(named, named[1:] + [""])):
        return False  # «آپارتمان کوچیکم رو تو کرج …», «پرایدمو …», «این رو …»: the buyer's own thing or this one
    return not _SWAP_PARTNER.search(marked)


READING_MARKERS = ("نمی", "بدون", "لابد", "labod", "laabod", "دارم", "نخواستم", "لازم", "نیاز", "کار ندارم", "کاری ندارم", "مهم نیس", "اهمیت", "نپرس",
                   "نگو", "نگید", "نگین", "ولش", "بیخیال", "نه", "یوخ", "فقط", "نشون میده", "نشان میدهد", "نگیر", "نزن", "نفرست", "نکن", "چرا", "chera",
                   "پشیمون", "پشیمان", "هیچی", "به نظر", "نظرت", "نظر شما", "اشتباه", "بعدا میپرس", "بعد میپرس",
                   "معمولا", "عموما", "اکثرا", "معمولن", "میخواستم", "میخاستم", "رفته بالا", "بالا رفت", "رفتن بالا", "گرون شد", "گران شد",
                   "تورم", "گرونی", "میره بالا", "بالا میر", "میرن بالا", "گرون میش", "گرونتر میش", "سر به فلک", "قیمت دلار", "قیمت یورو", "قیمت ارز", "قیمت طلا", "قیمت سکه", "قیمت بنزین", "قیمت گاز",
                   "قیمت برق", "قیمت gaz", "نرخ", "میدن", "میفروشن", "بخرم", "بخریم", "تمدید", "ثبت", "یاد بگیرم",
                   "کجا میشه", "کجا میتونم", "فرق", "تفاوت", "خودم", "بهتره", "بهترن",
                   "چیکار کن", "چکار کن", "چیکارش کن", "چکارش کن", "چی کار کن", "چه کار کن", "چیکار باید", "چکار باید", "چی کار باید", "چه کار باید",
                   "کسی میدون", "کسی خبر دار", *_ABROAD,
                   # senses (_about_else): thanks for a past act, the buyer's own thing, someone else asked for, …
                   *(f"{w} {c}" for w in ("ممنون", "ممنونم", "مرسی", "تشکر", "متشکرم", "مچکرم", "سپاس", "ساغ اول", "merci", "mersi",
                                          "دمت گرم", "دمتون گرم", "دستت درد نکنه", "دستتون درد نکنه")
                     for c in ("که", "بابت", "از")),  # thanks for …: read only with its «که / بابت / از» (a bare «ممنون» is too common)
                   "خودم", "سراغ دار", "میشناس", "معرفی",
                   "کوچیک", "کوچک", "بزرگه", "بزرگ است", "کافی نیست", "مناسب نیست", "هماهنگ نیست", "جور نیست", "ست نیست",  # _UNSUITED («نمی…» above)
                   "بهترین", "ارزونترین", "ارزانترین", "نمیدون", "nemidon", "nemidun", "کجا میر", "کجا تمدید", "کجا تعمیر", "کجا درست", "دیروز", "پریروز", "دیشب",
                   "باید", "یادت", "yadet", "دیدم", "خوندم", " بود", "بغلی", "فروختن", "خریدن", "همسای", "عوض", "معاوضه", "تاخت", "تهاتر", "ارزونتر", "ارزانتر", "نصف قیمت", "کلی میپرس", "کلا میپرس", "کلی پرسید", "کلا پرسید", "همینطوری میپرس", "همینجوری میپرس", "همینطوری پرسید", "همینجوری پرسید", "امسال", "این روز", "معلوم نیست", "مشخص نیست", "واضح نیست", "پیدا نیست", "تیره", "تار",
                   # a story's «I did» (_story: the regex reads any such verb; these light verbs make the message read)
                   *(f"{neg}{verb}" for neg in ("", "ن") for verb in (
                       "کردم", "دادم", "زدم", "گرفتم", "گذاشتم", "شدم", "کشیدم", "خوردم", "خریدم", "فروختم", "رفتم",
                       "اومدم", "آمدم", "بودم", "فرستادم", "نوشتم", "آوردم", "اوردم", "بردم", "افتادم", "کردیم", "دادیم", "گرفتیم")), "یادتون", "چه خبر", "سوالی", "سوال ندارم",
                   # senses2: a retraction or clarification («منظورم …»), the market now, prices exclaimed at or scorned, chasing the
                   # seller, a job-seeker's experience beside a CV, a phone number's «چند», a Finglish «I did»
                   "منظورم", "منظور من", "manzoram", "گفتم بدون", "گفتم در جریان", "محض اطلاع", "جهت اطلاع", "برای اطلاع", "راسته", "راست میگ", "حقیقت داره", "امروز", "این روزا", "این روزها", "تو بازار", "توی بازار", "در بازار",
                   "عجب", "ajab", "قیمتا", "قیمتها", "قیمت ها", "قیمت ha", "شوخیه", "شوخیست", "shokhi", "shookhi", "مسخره",
                   "کجای پس", "کجای pas", "کجای پسر", "کجای تو", "کجایید پس", "کجاین پس", "سابقه", "تجربه", "sabeghe", "tajrobe", "بلدم", "دنبال یه", "دنبال یک", *_PAPERS, "اهان پس", "اها پس", "قانون",
                   "شمار", "تلفن", "موبایل", "shomar", "ارسال", "ersal",
                   # wrongs7 (_words_in_another_sense): pistachios, the buyer's courier work, «this area»
                   "پسته", "pesteh", "پیکم", "پیکام", "پیکیم", "برای پیک", "برا پیک", "واسه پیک", "کار پیک", "پیک اسنپ", "پیک موتوری",
                   *(f"{this} {area}" for this in ("این", "همین", "ایی", "in", "hamin") for area in ("محل", "منطق", "mahal", "mantagh")),
                   "کلاسم", "شیفتم", "مرخصیم", "جلسه دارم", *(f"کلاس {grade}" for grade in _GRADES),
                   "در محل", "از محل", "محل کارم", "محل کارمون", "محل کارش", "استخدام", "پاره", "پایه", "شیفت",
                   *(f"{w} جنس" for w in ("همه", "این", "اینجوری")), *(f"جنس {w}" for w in ("برای", "برا", "رو", "را", "زیاد", "میفروش", "چینیه", "ندادی", "نقد")),
                   *(f"{n}{end}" for n in _MINE_NOUNS.split("|") for end in (" من", " ما", "م", "ام", "مون", "مان", "یم", "یام")),
                   *(f" {w}" for w in _FORMER_OR_KIN.split("|") if not w.startswith("قبلی")), " قبلی",  # fresh7: _MINE's former or kin
                   "ازدواجمون", "ازدواجم", "ماشینمون", "مشکل از", "ایراد از", "عیب از", "مشکلش از", "ایرادش از", "عیبش از", "حدس",
                   "بزرگ شدی", "بزرگ شدید", "بزرگ شدین", "دنیا اومدی", "دنیا اومدید", "دنیا اومدین", "با این قیمت",
                   "منتظر", "وایساد", "وایستاد", "ایستادم", "دم در", "رسیدم", "ندیدمت", "ساعته", "دقیقه",
                   *(f"{w} کارشناس" for w in _APPRAISED_BEFORE), "کارشناسی شده", "کارشناسی دیوار", "کارشناس دیوار", "کارشناسی خودروی دیوار",
                   "کارشناسی خودرو دیوار",  # wrongs15: an appraisal, not an inspection (_APPRAISAL)
                   *_LONGER_WORD,  # wrongs15
                   *_SOUND_WISHES, *_WHY_OTHER_WORDS,  # wrongs15: _SOUND_WISHED, _WHY_GUESS
                   "ساعت چند",  # wrongs15: the time of day asked (_CLOCK in clauses), read even with no other marker
                   *(f"{verb}am" for verb in ("kharid", "did", "gereft", "forokht", "gozasht", "dad", "kard", "zad", "raft", "oomad",
                                               "omad", "bood", "bod", "khord", "resid", "avord", "bord", "ferestad", "nevesht", "gerefte")),
                   # what the buyer got, told («… گرفتم», «تازه اومده»)
                   "گرفتم", "گرفتیم", "گرفتهام", "گرفته ام", "گرفته بودم", "gereftam", "تازه اومد", "تازه رسید",
                   # fresh7: a counterfactual's condition (_COUNTERFACTUAL; " بود" is above), «before coming» (_before_coming), a fee put off
                   # (_fee_put_off), a maybe of coming (_MAYBE_COMING), a told «because» (clauses)
                   "داشت", "میشد", "میبود", "قبل از", "قبل اینکه", "قبل این که", "قبلش", "ghabl", "بعد", "bad", "شاید", "shayad", "اخه", "چون", "akhe",
                   # fresh3: what a thing has come to cost, prices in the garages or shops, another listing (_MARKET, _OTHER_AD)
                   "چند شده", "چقدر شده", "چقد شده", "کجا بدم", "کجا ببرم", "پیشنهاد", "روزه", "از صبح", "از دیروز", "منظورتون از", "منظورت از", "منظور از", "منظورتان از", "منظور شما از", "تعمیرگاها", "مغازها", "نمایندگیها", "بنگاها", "اگهی دیگ", "اگهی قبلی", "یکی اگهی",
                   # wrongs13: whether the seller knows a thing (_KNOW_OF, _YOU_KNOW), the writer selling to the seller (_YOU_BUY, _IF_YOU_WANT_MINE)
                   "میدونی", "میدونید", "میدونین", "میدونستی", "بلدی", "بلدید", "بلدین", "خبر دار", "اطلاع دار",
                   "میخری", "میخرید", "میخرین", "mikhar", "خواستی", "خواستید",
                   "بفروشم", "بفروشیم", "رباتی", "رباتید", "رباتین", "روباتی", "ربات جواب", "ربات هست", "robot", "bot", "اتوماتیک", "اتومات", "خودکار",
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
    # «دیوار خودش پیک داره؟», «ارسال پستی از دیوار خودش هست؟»: Divar's own delivery service, not the seller's
    "خودش پیک", "خودش ارسال", "خودش پست", "از دیوار خودش",
    # wrongs15: Divar's appraisal («کارشناسی دیوار چند تومن میگیره؟», «دیوار نوشته قیمت کارشناسی، این یعنی چی؟»; every corpus line
    # with both words is `none`)
    "کارشناس",
)  # fmt: skip
# About the platform by themselves: a private seller has no discount code to give.
# fresh7: Divar itself named as the one that acts («دیوار خودش ضمانت میده؟», «طرح اقساطی خود دیوار», «کارشناسی خودروی خود دیوار»)
DIVAR_PHRASES = ("کد تخفیف", "کدتخفیف", "کد های تخفیف", "code takhfif", "kode takhfif", "cod takhfif", "kod takhfif", "خود دیوار", "دیوار خودش")
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
    # wrongs7: an advert's call to the reader («همین حالا تماس بگیرید», «با ما تماس بگیرید», «ما را دنبال کنید», «فالو کنید»),
    # a trade's boast («تعمیرات تخصصی», «نصب رایگان»), a line marked «تبلیغ» (every corpus line holding one is `none`)
    "همین حالا تماس", "با ما تماس", "با یک تماس", "ما را دنبال کنید", "ما رو دنبال کنید", "فالو کنید", "تعمیرات تخصصی", "نصب رایگان", "تبلیغ",
    "برنده جایزه", "برنده شدید",  # «تبریک! برنده جایزه شدید، به شماره … پیامک بدید»: a prize scam
    # fresh7: an advertiser addressing the reader or offering its own service («مشتری عزیز، خدمات نظافت ما با ۳۰٪ تخفیف، همین
    # امروز تماس بگیرید», «از طرف نمایندگی بیمه پیام میدم، بیمه بدنه با ۴۰٪ تخفیف ارائه میدیم»)
    "مشتری عزیز", "مشتریان عزیز", "همین امروز تماس", "ارائه میدیم", "ارائه میدهیم", "ارائه می دهیم",
    # wrongs13: «بیا پیوی ارزونتر میفروشم», «بیا پیوی تلگرام ماشین ارزونتر دارم برات»: the writer calls the seller to his own
    # chat to sell; «… با ۲۰٪ تخفیف فقط این هفته», «serami badane ba 30% takhfif faghat in hafte 🔥 pv»: a time-limited sale
    # (every corpus line holding one is `none`; a buyer's «بیام پیوی؟» asks to move the chat, not this)
    "بیا پیوی", "بیا pv", "فقط این هفته",
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

    def negate(self) -> Clause:
        """The same clause read as not asked about this item (negated, told, taken back)."""
        return replace(self, negated=True)


def clauses(marked: str, until_negated: bool = False) -> list[Clause]:
    """The clauses of a marked fold: split at punctuation and before «ولی», «اما», «فقط».

    ``until_negated``: stop at the first clause read as negated and return the clauses up to it (the router
    refuses a message with any negated clause, and the passes after the first reading only ever negate more).
    """
    out: list[Clause] = []
    texts: list[str] = []  # each clause's words, joined (a clause's words never change below, only whether they count)
    plain: list[str] = []  # the words of the plain fold (Clause.first and .last count these)
    current: list[str] = []
    last = -1  # the last clause that retracts
    for word in marked.split():
        if word in (CLAUSE, ASKED) or (word in _BREAK_WORDS and current and not (word == "فقط" and current[-1] in _ONLY_AS_ALTERNATIVE)):
            if current:
                _read(out, texts, current, len(plain), asked=word == ASKED)
                if until_negated and out[-1].negated:
                    return out
                last = len(out) - 1 if out[-1].retracts else last
            current = []
            if word in (CLAUSE, ASKED):
                continue
        current.append(word)
        plain.append(word)
    if current:
        _read(out, texts, current, len(plain))
        if until_negated and out[-1].negated:
            return out
        last = len(out) - 1 if out[-1].retracts else last
    if last > 0:
        out[:last] = [Clause(c.first, c.last, True, c.only, asked=c.asked) for c in out[:last]]
    for i, (c, after) in enumerate(zip(out, out[1:])):
        told = plain[after.first : after.last + 1]
        if not c.asked and not after.asked and not _COURTESY.issuperset(told) and _MEANT_TO_ASK.search(texts[i]) \
                and not _WANTED_TO_KNOW.search(texts[i]):
            out[i] = c.negate()
    if len(out) > 1 and any(_WHERE_ARE_YOU_TO.search(t) for t in texts) and any(not c.asked and _WAITING.search(t) for c, t in zip(out, texts)):
        out = [c.negate() if _WHERE_ARE_YOU_TO.search(t) or (not c.asked and _WAITING.search(t)) else c
               for c, t in zip(out, texts)]
    for i, (c, after) in enumerate(zip(out, out[1:])):
        if c.asked and not after.retracts and _I_MEAN.search(texts[i + 1]):
            out[i] = c.negate()  # the clarification replaces the question
    # a job seeker's experience told beside where to send his CV (_SEND_CV), and (wrongs16) beside his «do you have work? / are you
    # hiring?» («کاشیکارم، ۱۲ سال سابقه دارم، کار دارید؟», «کاکا راننده پایه یک میخواید؟ گواهینامه م دارم»): the question is the contact
    # or the vacancy (the label contract's availability), his facts are told (labels5's `none`). Not set against a lack with «ولی / اما»
    # («من ناشنوا هستم ولی کار با چرخ خیاطی بلدم، استخدام میکنید؟»: whether he is taken, a requirement asked: `job`)
    told_experience = [not c.asked and bool(_EXPERIENCE_TOLD.search(t)) and t.split()[0] not in ("ولی", "اما") for c, t in zip(out, texts)]
    if len(out) > 1 and any(told_experience) \
            and any(_SEND_CV.search(t) or (c.asked and (_WORK_ASKED.search(t) or _hires(t.split())))
                    for c, t in zip(out, texts) if not _EXPERIENCE_TOLD.search(t)):
        out = [c.negate() if told else c for c, told in zip(out, told_experience)]
    if "ساعت" in marked and any(_CLOCK.search(t) for t in texts) and not any(_SAYS_WHICH.search(t) for t in texts):
        # wrongs14: «ساعت چنده؟ یادم رفت مصاحبه‌م کیه», «saat chande? mosahebe-am dir nashe»: the time of day asked, a clause of
        # its own, and what is told beside it: the buyer's own day, nothing asked of this ad (every such corpus line is `none`;
        # «مصاحبه ساعت چنده؟» asks); another question beside it («… کی تحویل میدید؟») still asks
        out = [c.negate() if _CLOCK.search(t) or not c.asked else c for c, t in zip(out, texts)]
    asks = any(c.asked for c in out)
    if not asks and ("دارم" in marked or "داریم" in marked or "daram" in marked):
        # wrongs10: «ده سال سابقه آشپزی دارم تو رستورانای شمال», «مدرک دیپلم دارم فقط»: a job seeker's experience or degree
        # told in a message that asks nothing is his own story (every such corpus line is `none`); beside a question
        # («۵ سال سابقه دارم، قبول میکنید؟») it is the requirement asked, as the contract says, and stays
        out = [c.negate() if _EXPERIENCE_TOLD.search(t) and not _TO_SELLER.search(t) else c
               for c, t in zip(out, texts)]
    if asks and ("عکس" in marked or "عسک" in marked or "aks" in marked):
        # «خط و خش داره؟ عکسش خوب معلوم نیست», «رنگش سفیده یا نقره ای؟ عکسا معلوم نیست»: a remark on the photos says
        # why the buyer asks the other question; it asks for no photo (a request in it, «عکس واضح بفرست», still does)
        out = [c.negate()
               if not c.asked and _PHOTO_REMARK.search(t) and not _REQUEST.search(t) else c for c, t in zip(out, texts)]
    swap = "عوض" in marked or "معاوضه" in marked or "تاخت" in marked or "تهاتر" in marked
    for i, (c, after) in enumerate(zip(out, out[1:]) if swap else ()):
        if c.asked and not after.asked and len(texts[i + 1].split()) <= 3 and _SWAP_WORDS.search(texts[i]) and not _SWAP_WORDS.search(texts[i + 1]) \
                and not _REQUEST.search(texts[i + 1]):
            # «عوض میکنی با یخچال فریزر؟ سالمه»: a short statement after a swap question describes the buyer's own item
            out[i + 1] = after.negate()
    if len(out) > 1 and ("یاد" in marked or "خبر" in marked or "yadet" in marked or "روز" in marked) and any(_CHATTER.search(t) for t in texts):
        # «bro che khabara? kojayi? yadet miad …»: beside chatter, a bare «کجایی؟» asks where the seller has been
        out = [c.negate() if _WHERE_ARE_YOU.search(t) else c for c, t in zip(out, texts)]
    for i, (c, after) in enumerate(zip(out, out[1:])):
        if c.asked and after.asked and _WHY_GUESS.search(texts[i]) and not _WH.search(texts[i + 1]):
            # «چرا میفروشی؟ مشکلی داره؟», «چرا ارزونه؟ ایرادی داره؟»: the buyer's guess at the reason asked (label contract: none)
            out[i + 1] = after.negate()
    if "سالم" in marked:
        # wrongs15: «فقط موتور سالم باشه», «… سالم میخام», «اگه سالم باشه فردا پول میارم»: the buyer's wish or his condition, told;
        # it asks nothing («شاسی سالمه؟» beside it still does)
        out = [c.negate() if not c.asked and _SOUND_WISHED.search(t) else c for c, t in zip(out, texts)]
    if ("منطق" in marked or "محل" in marked) and any(_AREA_MARKET.search(t) for t in texts):
        # wrongs16: «اجاره‌های این منطقه کلا چه خبره؟ متوسطش چنده؟», «قیمت ملک تو این منطقه متری چنده؟ میخوام بدونم ارزشش چقدره»: a short
        # how-much after the area's prices asks the same market (its average, what a flat there is worth), not this item's price
        market = False
        for i, (c, t) in enumerate(zip(out, texts)):
            if market and len(t.split()) <= 4 and _HOW_MUCH_ASKED.search(t):
                out[i] = c.negate()
            market = market or bool(_AREA_MARKET.search(t))
    if "اگهی" in marked and any(_OTHER_AD.search(t) for t in texts):
        # «آگهی دیگتونو دیدم، اون کمده هنوز هست؟»: what follows the other listing and points back at it asks about it too
        seen = False
        for i, (c, t) in enumerate(zip(out, texts)):
            if seen and _POINTS_BACK.search(t):
                out[i] = c.negate()
            seen = seen or bool(_OTHER_AD.search(t))
    if "اگ" in marked and ("بود" in marked or "داشت" in marked or "میشد" in marked):
        # «اگه ۱۰ تا صندلی بود میگرفتم، ولی ۶ تا کمه», «… اتومات بود میخریدیم، ولی خب دنده‌ایه، شرمنده»: what is told after a
        # counterfactual says why the buyer does not take it (a decline), up to a question or a clause said to the seller
        wished = False
        for i, (c, t) in enumerate(zip(out, texts)):
            if wished and (c.asked or _TO_SELLER.search(t)):
                break
            if wished:
                out[i] = c.negate()
            wished = wished or (not c.asked and bool(_COUNTERFACTUAL.search(t)))
    if "اخه" in marked or "چون" in marked or "akhe" in marked:
        # «صندلیا پایه‌شون لق نشده؟ آخه چوبیه», «دزدی که نیست؟ آخه قیمتش خیلی پایینه»: a told «because …» after another clause
        # says why the buyer asks; it asks nothing itself (a request in it, «آخه عکس نذاشتی، بفرست», still does)
        out = [c.negate()
               if i and not c.asked and t.split()[0] in _BECAUSE and not _REQUEST.search(t) else c for i, (c, t) in enumerate(zip(out, texts))]
    if "راس" in marked or "حقیقت" in marked:
        out = _rumours_checked(out, texts)
    if ("خر" in marked or "mikhar" in marked or "خواستی" in marked or "خواستید" in marked or "لازم داشت" in marked) and not swap and not any(
            _IN_ITS_PLACE.search(t) for t in texts) and any(
            (c.asked and not any(ch.isdigit() for ch in t) and _YOU_BUY.search(t)) or _IF_YOU_WANT_MINE.search(t) for c, t in zip(out, texts)):
        out = [c.negate() for c in out]  # the writer sells: _YOU_BUY above
    elif "بفروش" in marked and any(_SELL_MINE.search(t) for t in texts) and not any(_BUY_TOO.search(t) for t in texts):
        out = [c.negate() for c in out]  # his own thing sold: _SELL_MINE above
    if "دون" in marked or "بلد" in marked or "خبر" in marked or "اطلاع" in marked or "قانون" in marked:
        for i, (c, after) in enumerate(zip(out, out[1:])):
            if c.asked and after.asked and (_YOU_KNOW.search(texts[i + 1]) or _THE_LAW.search(texts[i + 1])):
                out[i] = c.negate()  # «… چنده؟ میدونید؟», «… قانونش چیه؟»: _YOU_KNOW, _THE_LAW above
    for i in range(len(out) - 1):  # (the last clause has none after it to take along)
        c = out[i]
        if c.asked:
            continue
        told = texts[i]
        got = bool(_GOT_TOLD.search(told))
        mine = not got and c.negated and _mine_told(told)
        if not (got or mine):
            continue
        # «سیمکارت خودم همراه اوله، آنتن نمیده اینجا»: after the buyer's own thing too (_mine_told), up to a clause said to the
        # seller as well («خونه‌م رمپ میخواد، بیاید ببینید», «ماشینم وانته، فقط آدرس بفرس»)
        # «وام … گرفتم، ماهی ۲ تومن قسطشه», «خودم وام گرفتم، هنوز مونده قسطاش»: the clauses told after it go on with the
        # story (every such corpus line is `none`), up to a question («…گرفتم، قسطی هم میدید؟») or a «ولی / اما» turn
        for j in range(i + 1, len(out)):
            after = out[j]
            if after.asked or plain[after.first] in ("ولی", "اما", "منتها"):
                break
            if mine and (plain[after.first] == "فقط" or _TO_SELLER.search(texts[j])):
                break
            out[j] = after.negate()
    return out


def _rumours_checked(out: list[Clause], texts: list[str]) -> list[Clause]:
    """Negate a rumour the buyer checks: «دوستم گفت حقوق اینجا دیر میاد، راسته؟», «مکانیکم میگه این مدل گیربکسش ایراد داره
    راسته؟» (wrongs9). From the clause that reports what someone said up to the «is it true?» that ends the check: the
    rumour's keywords are not asked of this item or job (every such corpus line is `none`). Only «راسته» (is it true),
    not «درسته» (is it right: «کیلومترش ۱۲۰ نوشتی، درسته؟» checks the figure the seller gave)."""
    for i, text in enumerate(texts):
        if not _RUMOUR_CHECK.search(text):
            continue
        start = next((j for j in range(i + 1) if _REPORTED.search(texts[j])), None)
        if start is not None:
            out = [c.negate() if start <= k <= i else c for k, c in enumerate(out)]
    return out


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at each ``|`` outside groups and classes)."""
    out, depth, start, at, in_class = [], 0, 0, 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            at += 1 if pattern[at + 1 : at + 2] in ("^", "]") else 0  # «[^…]», «[]…]»: not the class's end
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(pattern[start:at])
            start = at + 1
        at += 1
    return out + [pattern[start:]]


class _Spaced:
    """Finds a match in ``" " + text`` exactly when one of ``patterns`` finds one in ``text``.

    Each alternative opens with «(?:^| )» (a word start) or «^»; they become « » and «^ », so every alternative
    opens with a space, a literal ``re`` jumps to, where «(?:^| )» made it try every position; the anchored ones
    are one more pattern, which ``re`` tries at the start only (an anchored alternative among the others would
    make it try every position again). Clause texts are read 2–3× faster (bench/README.md, "speed3"). A
    pattern with a «^» anywhere else is refused (ValueError) rather than read differently."""

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        words, anchored = [], []
        for pattern in patterns:
            for branch in _branches(pattern.pattern):
                word_start = branch.startswith("(?:^| )")
                if not word_start and not branch.startswith("^"):
                    raise ValueError(f"not a word-start or anchored alternative: {branch!r}")
                rest = branch[len("(?:^| )") :] if word_start else branch[1:]
                if "^" in rest.replace("[^", "").replace("\\^", ""):
                    raise ValueError(f"another «^» in {branch!r}")
                (words if word_start else anchored).append((" " if word_start else "^ ") + rest)
        self.patterns = tuple(re.compile("|".join(f"(?:{b})" for b in found)) for found in (words, anchored) if found)
        self.needs = tuple(_needs(pattern) for pattern in self.patterns)

    def found_in(self, spaced: str, hits: set[str] | None = None) -> bool:
        """Whether one of the patterns matches the text ``spaced`` is ``" " +``; ``hits``: :func:`_hits` of ``spaced``
        (a pattern none of whose :func:`_needs` strings is among them is not searched)."""
        for pattern, needs in zip(self.patterns, self.needs):
            if hits is not None and needs is not None and needs.isdisjoint(hits):
                continue
            if pattern.search(spaced):
                return True
        return False


def _needs(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds (read from the parsed pattern), or None when none is
    found: a text that holds none of them cannot match, and _Spaced does not search it (bench/README.md, "speed4")."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _needed(_sre_parse.parse(pattern.pattern, pattern.flags))
    return None if found is None else frozenset(found)


def _needed(items: _sre_parse.SubPattern) -> set[str] | None:
    """:func:`_needs` of a parsed sequence: the best of its literal runs and of what each group, alternation or repeat
    (once at least) in it needs; an alternation needs what any of its alternatives needs. Anything else (a class, a
    look-around, an optional part, a group with flags of its own) needs nothing known."""
    choices: list[set[str] | None] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        choices.append({run} if run else None)
        run = ""
        if op is _sre.SUBPATTERN and not (av[1] or av[2]):
            choices.append(_needed(av[3]))
        elif op is _sre.BRANCH:
            branches = [_needed(branch) for branch in av[1]]
            choices.append(None if None in branches else set().union(*branches))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            choices.append(_needed(av[2]))
    choices.append({run} if run else None)
    kept = [choice for choice in choices if choice]
    return max(kept, key=lambda choice: (min(map(len, choice)), -len(choice))) if kept else None  # longest, then fewest


# _clause's readings, searched in the clause with a space before it (_Spaced): a clause was read for ~20
# patterns one by one, a third of the router's time (bench/README.md, "speed3")
_NEGATION_S, _NO_S, _OR_NOT_S, _REQUEST_NOT_S = _Spaced(_NEGATION), _Spaced(_NO), _Spaced(_OR_NOT), _Spaced(_REQUEST_NOT)
_NOT_NEEDED_S, _I_DONT_S = _Spaced(_NOT_NEEDED), _Spaced(_I_DONT)
_ELSEWISE_S = _Spaced(_WHY, _OPINION, _I_BET, _USUALLY, _MARKET, _ELSEWHERE, _KNOWLEDGE, _KNOW_OF, _BOT, _COUNTERFACTUAL, _LAWFULLY)  # a reason, an opinion, general knowledge, a wish
_TOLD_ONLY_S = _Spaced(_AGE_TOLD, _GOT_TOLD, _I_WONT, _WITHOUT, _DOING, _MAYBE_COMING, _SEEKING, _SO_TOLD)  # negate a clause only when told, not asked
_ADVICE_S, _RETRACT_S = _Spaced(_ADVICE, _IN_GENERAL, _PRICE_JOKE), _Spaced(_RETRACT)
# the senses of _about_else that hold only when told (not asked), and those that hold either way (another listing too)
_TOLD_S = _Spaced(_THANKS_FOR, _SEEN, _UNSURE, _UNSUITED)
_ELSE_ANYWAY_S = _Spaced(_REFERRAL, _BEST_WHERE, _YOUR_PLANS, _YESTERDAY, _ONE_MUST, _CHATTER, _OTHERS_SALE, _MARKET_NOW, _AREA_MARKET, _PRICE_EXCLAIMED,
                         _CHASING, _OTHER_AD)


def _automaton(*needed: frozenset[str] | None) -> ahocorasick.Automaton:
    """One automaton of every string in ``needed`` (:func:`_needs` sets)."""
    automaton = ahocorasick.Automaton()
    for string in (string for strings in needed if strings is not None for string in strings):
        automaton.add_word(string, string)
    automaton.make_automaton()
    return automaton


# what the seats and the urging _clause rewrites need (None: none known, always rewritten)
_REWRITES_NEED = (_needs(_SEATS), _needs(_URGING))
# every string _clause's readings and rewrites need, found in a clause in one pass (_hits): most then need no search
_NEEDED = _automaton(*_REWRITES_NEED, *(needs for reading in (_NEGATION_S, _NO_S, _OR_NOT_S, _REQUEST_NOT_S, _NOT_NEEDED_S, _I_DONT_S,
                                                               _ELSEWISE_S, _TOLD_ONLY_S, _ADVICE_S, _RETRACT_S, _TOLD_S, _ELSE_ANYWAY_S)
                                        for needs in reading.needs))


def _hits(spaced: str) -> set[str]:
    """The strings of :data:`_NEEDED` that ``spaced`` holds."""
    return {string for _, string in _NEEDED.iter(spaced)}


def _read(out: list[Clause], texts: list[str], words: list[str], end: int, asked: bool = False) -> None:
    """Append the clause of ``words`` (ending before plain word ``end``) to ``out`` and its text to ``texts``."""
    text = " ".join(words)
    texts.append(text)
    out.append(_clause(text, words, end, asked))


def _clause(text: str, words: list[str], end: int, asked: bool) -> Clause:
    spaced = " " + text  # what the _S patterns read
    hits = _hits(spaced)
    if all(needs is not None and needs.isdisjoint(hits) for needs in _REWRITES_NEED):
        unurged = spaced  # (neither rewrite can match: the urging words and the seat counts need strings it lacks)
    else:
        unurged = " " + _URGING.sub(" urging", _SEATS.sub(" seats", text))
    negated = _NEGATION_S.found_in(unurged, hits if unurged == spaced else None) or (
        _NO_S.found_in(spaced, hits) and not _OR_NOT_S.found_in(spaced, hits) and not _REQUEST_NOT_S.found_in(spaced, hits) and len(words) > 1)
    if negated and asked and _NOT_NEEDED_S.found_in(spaced, hits) and not _I_DONT_S.found_in(spaced, hits):
        negated = False  # «سابقه لازم نیست؟» asks whether it is needed: a question, not a refusal
    # a reason, an opinion or the buyer's guess (no rule gives it), general knowledge, the market; told only: the buyer's age, …
    negated = negated or _ELSEWISE_S.found_in(spaced, hits) or (not asked and _TOLD_ONLY_S.found_in(spaced, hits))
    negated = negated or _about_else(text, asked, spaced, hits) or (asked and bool(_WORD_MEANT.search(text)))
    advice = _ADVICE_S.found_in(spaced, hits)
    return Clause(end - len(words), end - 1, negated or advice, words[0] == "فقط", advice or _RETRACT_S.found_in(spaced, hits), asked)


# Questions that are small talk, not about the item: a courtesy reply answers them.
_SMALL_TALK = frozenset(
    "خوبی خوبید خوبین خوبه خوب خوبن چطوری چطورید چطورین چطوره سلامتی احوال احوالتون حالت حالتون حال "
    "شما تو هستی هستید هستین ان شاالله انشالله ایشالا عزیز عزیزم جان داداش آقا اقا خانم خانوم الو الوو "
    # Finglish the lexicon does not turn into Persian: «salaaam, khubin?» is a greeting and a «how are you»
    "khubi khubin khubid khoobi khoobin khoobid khobi khobin khobid chetori chetorin chetorid".split()
)


# fresh5: a voice-typed or regional message has no «؟» (train34's writer: older and provincial buyers dictating). A
# greeting the keywords found alone does not answer one that goes on about «ای / ایی» (this) item or «مو» (I, Mashhadi,
# Shirazi, Lori), «من / ما» (the buyer's own life: «سلام ما از شوشتر اومدیم تهران کار نیس») in at least five words, or
# ends on a spoken question («یا نه», «راسته», «یادتون هست», «چیکار کنم»,
# «… میخری / نمیخرید», «خوبه», «مناسبه», «میخوره»): «سلام ای گوشی برا بازی پابجی خوبه پسرم میخاد», «سلام مو یه گوشی
# قدیمی دارم میخری», «سلام ما قبلا همسایه شما بودیم یادتون هست» ask what no starter rule answers or tell the buyer's own
# life: the label contract's `none`, as «سلام، آیا این آگهی واقعیه؟» with its «؟» (asks_beyond)
# greet2: «مون» (our) and «خودم / خودمو / خودمون» (my own) the same: «سلام خونه مون تازه رنگ شده بوی رنگ میده», «سلام، پژو
# خودمو ۴۵۰ فروختم الان دنبال یه چیز بهترم» tell the buyer's own things (the label contract's `none`)
_SPOKEN_BEYOND = re.compile(
    r"(?:^| )(?<!هفته )(?<!ماه )(?<!روز )(?<!سال )(?<!ساعت )(?:ای|ایی|مو|من|ما|مون|خودم|خودمو|خودمون|خودمونو) [^ ]+ [^ ]+"  # not «هفته ای دو روز» (weekly)
    r"|(?:^| )(?:یا نه|راسته|یادتون هست|یادت هست|چیکار کنم|میخری|میخرید|میخرین|نمیخری|نمیخرید|نمیخرین|خوبه|مناسبه|میخوره)$"
)
SPOKEN_MIN_WORDS = 5
# the buyer introducing himself to this deal greets (labels4: «سلام، از کرج پیام میدم», «سلام، جدی خریدارم»)
# and an employer's need told («سلام ما یه پیرزن تنهاییم یکی میخایم هفته ای دو روز خونه رو تمیز کنه»: the fresh5 bullet)
_INTRODUCES = re.compile(r"(?:^| )(?:پیام میدم|پیام میدیم|مزاحم|خریدارم|خریداریم|یکی میخایم|یکی میخوایم|یکی میخواهیم|نیرو میخایم|نیرو میخوایم"
    r"|یه [^ ]+ (?:میخوام|میخام|میخوایم|میخایم|لازم دارم|لازم داریم))")


def speaks_beyond(folded: str) -> bool:
    """Whether a message with no «؟» (folded) goes on, by voice-typed or regional speech, past a greeting said around it."""
    return folded.count(" ") + 1 >= SPOKEN_MIN_WORDS and _SPOKEN_BEYOND.search(folded) is not None and _INTRODUCES.search(folded) is None


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


def unnegated(marked: str, found: list[Clause] | None = None) -> str:
    """The plain folded words of the clauses that are not negated (for the typo and example tiers and the
    router); ``found``: :func:`clauses` of ``marked`` when the caller has read them already."""
    found = clauses(marked) if found is None else found
    if not any(c.negated for c in found):
        return unmarked(marked)  # (the clauses hold every word, in order)
    words = unmarked(marked).split()
    return " ".join(" ".join(words[c.first : c.last + 1]) for c in found if not c.negated)


# «شماره مستقیمتون چنده؟», «شماره واتساپتون چند؟»: the «چند» of a phone number asks the number (contact), not a price
# or a fee: a how-much word right after a number word of its clause (up to two words between, none a price, a fee or «و»)
# is not the price's or the fee's hit; the number word's own hit (contact) still counts.
# «امکان ارسال تصاویر بیشتر هست؟», «ارسال فیلم از موتور»: «ارسال» of a photo, a number or a CV is sent in the chat, not
# delivered: that «ارسال» is not delivery's hit (the photo's hit counts; «… و ارسال به شهرستان» is another «ارسال»).
_NUMBER_WORD = re.compile(r"^(?:شماره|شمارت|شمارتو|تلفن|موبایل|shomare|shomarat)\S*$")
_HOW_MUCH = frozenset(("چند", "چنده", "چن", "chand", "chande"))
_PRICE_NOUN = ("قیمت", "هزینه", "دستمزد", "حقوق", "اجاره", "رهن", "مبلغ", "ghimat", "gheymat")
_SENT_IN_CHAT = ("عکس", "تصویر", "تصاویر", "فیلم", "ویدیو", "ویدئو", "شماره", "رزومه", "لوکیشن", "مدارک", "aks", "film", "video")
# wrongs7: «پسته‌ها رو کجا نگه دارم؟», «با دو کیسه پسته عوض میکنی؟»: pistachios, not the post (delivery's «پست» begins the
# word); «من پیکم، …», «پیک اسنپ‌باکسم», «موتور رو برای پیک میخوام», «کار پیکی»: the buyer is a courier or wants the item for
# courier work: his own trade, no delivery of the item asked («پیک میفرستید؟», «با پیک بفرستید» still ask)
_PISTACHIO = ("پسته", "pesteh")
_COURIER_ME = frozenset(("پیکم", "پیکام", "پیکیم"))
_FOR_WORK = frozenset(("برای", "برا", "واسه", "کار"))
_MY_SIDE_JOB = frozenset(("موتوریام", "موتوریم"))
# wrongs7: «این محله امنیتش چطوره؟», «آب و برق این منطقه قطع میشه؟», «ما ۱۵ سال تو همین محل بودیم»: «this area» points at a
# place both know; what is said or asked of it (safety, water, shops, the buyer's memories) is no question of where the item
# is («این محله کجاست؟» still asks by its own «کجاست»)
_THIS = frozenset(("این", "همین", "ایی", "in", "hamin"))
# «پرداخت در محل», «بازدید از محل», «حضور در محل»: on site, no place asked; «از محل کارم دوره», «پارکینگ محل کارمون»: the
# buyer's own workplace (not «محل کار کجاست؟», the job's place, which the services lines ask)
_AT = frozenset(("در", "از"))
# «جنس رو نقد برمیداریم», «جنس برای مغازه‌ست», «این همه جنس از کجا آوردی؟», «اینجوری جنس میفروشی»: «جنس» as goods, the
# merchandise, not its material («جنس پارچه‌ش چیه؟», «ابعاد و جنس؟» keep their hit)
_GOODS_BEFORE = frozenset(("همه", "این", "اینجوری"))
# «راننده پایه یک لازم دارید؟», «کمک آشپز شیفت عصر میخواید هنوز؟», «پیک موتوری استخدام میکنید؟», «آگهی کار پاره‌وقت کافه، هنوز
# نیرو لازم دارید؟»: a job seeker's «are you hiring?» ending the clause (or the told clause before it) names the role with
# its grade, shift or hours; those words are who is hired (availability), not the job's terms asked. Not when a term is
# asked beside it («خانم هم استخدام میکنید؟», «سابقه میخواید؟», «فقط آقا میخواید؟», «شیفت شب دارید؟» has no hire verb).
_ROLE_TERMS = ("پاره", "پایه", "شیفت", "استخدام")
_HIRE_ASKS = frozenset(("میخواید", "میخواین", "میخوای"))
_HIRE_VERBS = {"لازم": ("دارید", "دارین"), "نیاز": ("دارید", "دارین"), "استخدام": ("میکنید", "میکنین"), "جذب": ("میکنید", "میکنین")}
_STILL = frozenset(("هنوز", "هنو", "هنوزم"))
_TERMS_BESIDE = frozenset(("هم", "فقط", "سابقه", "باید", "خانم", "خانوم", "اقا", "آقا", "سن", "تجربه", "مدرک", "شرایط", "حقوق", "بیمه",
                           "حقوقش", "چقدر", "چند"))
_GOODS_AFTER = frozenset(("برای", "برا", "رو", "را", "زیاد", "میفروشی", "میفروشید", "میفروشین", "چینیه", "ندادین", "ندادید", "نقد"))
_MY_WORK = ("کارم", "کارمون", "کارش", "کارشون")
_AREA = ("محل", "منطقه", "mahal", "mantagh")
# wrongs7: «الان کلاسم», «امشب شیفتم», «مرخصیم جمعه تموم میشه», «ساعت ۸ جلسه دارم»: the buyer's own class, shift, leave or
# meeting, and a child's school year («بچه‌م کلاس سومه»): not this job's classes, shifts, leave or sessions
_MY_SCHEDULE = frozenset(("کلاسم", "شیفتم", "مرخصیم"))


def _hires(clause: list[str]) -> bool:
    """Whether a clause's words ask «are you hiring?» at their end, with no term asked beside (_ROLE_TERMS above)."""
    own = clause
    while own and own[-1] in _STILL:
        own = own[:-1]
    if not own or any(w in _TERMS_BESIDE for w in clause):
        return False
    return own[-1] in _HIRE_ASKS or (len(own) > 1 and own[-1] in _HIRE_VERBS.get(own[-2], ()))


def _paper_before(words: list[str], at: int) -> bool:
    """Whether a paper word (_PAPERS above) comes before word ``at`` in its clause, with no «و / یا» between."""
    for before in reversed(words[:at]):
        if before in (CLAUSE, ASKED, "و", "یا"):
            return False
        if before.startswith(_PAPERS):
            return True
    return False


def _hiring_clauses(words: list[str]) -> set[int]:
    """Word indexes (marks counted) of the clauses that ask «are you hiring?» at their end, and of a told clause right
    before one, with no term asked beside (_ROLE_TERMS above)."""
    spans: list[tuple[int, int, str]] = []  # (first, end, the mark that ends it or "")
    start = 0
    for at, word in enumerate(words + [""]):
        if word in (CLAUSE, ASKED, ""):
            if at > start:
                spans.append((start, at, word))
            start = at + 1

    def hires(first: int, end: int) -> bool:
        return _hires(words[first:end])

    out: set[int] = set()
    for i, (first, end, mark) in enumerate(spans):
        told_before = mark == CLAUSE and i + 1 < len(spans) and hires(*spans[i + 1][:2])
        if hires(first, end) or (told_before and not any(w in _TERMS_BESIDE for w in words[first:end])):
            out.update(range(first, end))
    return out


def _words_in_another_sense(marked: str) -> set[int]:
    """Plain-word indexes of the how-much words that ask a phone number, of the «ارسال» of a photo, of pistachios and
    of the buyer's own courier work (above):
    the hits starting there do not count, whatever clause they are in."""
    out: set[int] = set()
    count, since = 0, 99  # words since the last number word in this clause
    words = marked.split()
    hiring = _hiring_clauses(words) if "استخدام" in marked or "پاره" in marked or "پایه" in marked or "شیفت" in marked else set()
    for at, word in enumerate(words):
        if at in hiring and word.startswith(_ROLE_TERMS):
            out.add(count)
        if word in ("ارسال", "ersal") and any(w.startswith(_SENT_IN_CHAT) for w in words[at + 1 : at + 3]):
            out.add(count)
        if word.startswith(_PISTACHIO) or word.startswith(_LONGER_WORD) or word in _COURIER_ME or (at and words[at - 1] in _THIS and word.startswith(_AREA)):
            out.add(count)
        elif word == "محل" and ((at and words[at - 1] in _AT) or (at + 1 < len(words) and words[at + 1] in _MY_WORK)):
            out.add(count)
        elif word == "جنس" and ((at and words[at - 1] in _GOODS_BEFORE) or (at + 1 < len(words) and words[at + 1] in _GOODS_AFTER)):
            out.add(count)
        elif word in _MY_SCHEDULE or (
            at + 1 < len(words) and ((word == "جلسه" and words[at + 1] == "دارم") or (word == "کلاس" and words[at + 1].startswith(_GRADES)))
        ):
            out.add(count)
        elif _replaced_not_swapped(words, at, marked):
            out.add(count)
        elif word in _STILL_THERE and _paper_before(words, at):
            out.add(count)
        elif word.startswith(_APPRAISAL) and (
            (at and words[at - 1] in _APPRAISED_BEFORE)
            or (at + 1 < len(words) and words[at + 1].startswith("شده"))
            or any(w.startswith("دیوار") for w in words[at + 1 : at + 3])
        ):
            out.add(count)
        elif word in ("پیک", "پیکی") and (
            (at and words[at - 1] in _FOR_WORK)
            or (at + 1 < len(words) and (words[at + 1] in _MY_SIDE_JOB or (words[at + 1].startswith("اسنپ") and words[at + 1].endswith("م"))))
        ):
            out.add(count)
        if word in (CLAUSE, ASKED):
            since = 99
            continue
        if _NUMBER_WORD.match(word):
            since = 0
        elif word in _HOW_MUCH and since <= 2:
            out.add(count)
        elif word == "و" or word.startswith(_PRICE_NOUN):
            since = 99
        else:
            since += 1
        count += 1
    return out


# fresh7: «قبل اینکه بیایم ببینیم، بگید خونه بوی نم نمیده؟», «خواهشا قبل از بازدید، لوکیشن دقیقو بفرستید», «ghabl az inke biam,
# mitunid video … befrestid?»: the coming or the visit named after «قبل (از) اینکه / قبل از بازدید» is the time of the question,
# not asked; its words do not count (up to the verb of coming or seeing, in its clause)
_BEFORE = frozenset(("قبل", "قبلش", "ghabl"))
_BEFORE_WHAT = frozenset(("اینکه", "inke", "بازدید", "دیدن", "اومدن", "امدن", "دیدنش", "بازدیدش"))
_COMING = frozenset(fold(w) for w in ("بیام", "بیایم", "بیاییم", "بیاین", "بیاید", "ببینم", "ببینیم", "ببینمش", "ببینیمش", "بیام ببینم", "biam", "biaim",
                                      "bebinam", "bebinim", "بازدید", "دیدن", "اومدن", "امدن", "دیدنش", "بازدیدش"))


def _before_coming(words: list[str]) -> set[int]:
    """Plain-word indexes of the coming or seeing after «قبل (از) اینکه …» (_BEFORE above)."""
    out: set[int] = set()
    plain = [w for w in words if w not in (CLAUSE, ASKED)]
    for at, word in enumerate(plain):
        if word not in _BEFORE:
            continue
        i = at + 1
        if i < len(plain) and plain[i] in ("از", "az"):
            i += 1
        if i + 1 < len(plain) and plain[i] == "این" and plain[i + 1] == "که":
            i += 1
        if i >= len(plain) or plain[i] not in _BEFORE_WHAT:
            continue
        for j in range(i, min(i + 5, len(plain))):
            if plain[j] in _COMING:
                out.update(range(i, j + 1))
                if j + 1 < len(plain) and plain[j + 1] in _COMING:
                    out.add(j + 1)
                break
    return out


# fresh7: the fee put off until the worker has seen the job («اول بیاید کارو ببینید، بعد قیمت بدید», «کی میتونید بیاید ببینید؟ بعدش
# هزینه رو بگید», «mishe aval biyayd bebinid bad gheymat bedid?») or until later («قیمتو بعدا حرف میزنیم», «قیمت بمونه بعدا»): the
# fee is not asked now (the label contract: `visit` alone); a price asked next without a visit («اول بگو سالمه؟ بعد قیمت») still is
_THEN = frozenset(("بعد", "بعدش", "bad", "badesh"))
_LATER = frozenset(("بعدا", "بعدن", "badan"))
_SEE_JOB = ("بیاید", "بیاین", "بیایید", "ببینید", "ببینین", "ببینه", "تشریف", "biyayd", "biayd", "biyayn", "bebinid", "bebinin", "بیا", "ببین", "نگاه")
_FEE = ("قیمت", "هزینه", "دستمزد", "چقد", "چقدر", "مبلغ", "gheymat", "ghimat", "hazine")
_LATER_TALK = frozenset(("حرف", "صحبت", "میپرسم", "بمونه", "میگیم"))


def _fee_put_off(words: list[str]) -> set[int]:
    """Plain-word indexes of a fee put off (_THEN above)."""
    out: set[int] = set()
    plain = [w for w in words if w not in (CLAUSE, ASKED)]
    marks, count = set(), 0  # plain indexes that end a clause
    for w in words:
        if w in (CLAUSE, ASKED):
            marks.add(count - 1)
        else:
            count += 1
    seen_job = False
    for at, word in enumerate(plain):
        seen_job = seen_job or word in _SEE_JOB
        if word in _THEN and seen_job:
            span = []
            for j in range(at + 1, min(at + 6, len(plain))):
                span.append(j)
                if j in marks:
                    break
            if any(plain[j].startswith(_FEE) for j in span):
                out.update(span)
        elif word.startswith(_FEE) and at + 1 < len(plain) and at not in marks:
            nxt = plain[at + 1 : at + 4]
            later = next((k for k, w in enumerate(nxt) if w in _LATER), None)
            if later is not None and (at + 1 + later in marks or at + 1 + later + 1 >= len(plain)
                                      or plain[at + 1 + later + 1] in _LATER_TALK or any(w in _LATER_TALK for w in nxt[:later])):
                out.add(at)
    return out


def kept_positions(marked: str, found: list[Clause], word_indexes: list[int], courtesy: list[bool]) -> list[bool]:
    """Which keyword hits still count, given the index of the word each hit starts in.

    ``courtesy[i]`` says hit ``i`` belongs to a greeting or thanks rule: those are never
    dropped for «فقط» (the buyer still said hello) nor for negation («نه ممنون»). ``found``: :func:`clauses`
    of ``marked``, read once a message by the matcher and shared with its later readings (alone rules, typo tier).
    """
    owners = [clause_of(found, w) for w in word_indexes]
    keep = [c is None or not c.negated or polite for c, polite in zip(owners, courtesy)]
    if ("شمار" in marked or "تلفن" in marked or "موبایل" in marked or "shomar" in marked or "ارسال" in marked or "ersal" in marked
            or "پسته" in marked or "pesteh" in marked or "پیک" in marked or "محل" in marked or "منطقه" in marked
            or "mahal" in marked or "mantagh" in marked or "کلاس" in marked or "شیفتم" in marked or "مرخصیم" in marked
            or "جلسه دارم" in marked or "جنس" in marked or "استخدام" in marked or "پاره" in marked or "پایه" in marked or "شیفت" in marked
            or any(w in marked for w in _PAPERS)
            or "کارشناس" in marked or "عوض" in marked or any(w in marked for w in _LONGER_WORD)):
        other = _words_in_another_sense(marked)
        keep = [k and w not in other for k, w in zip(keep, word_indexes)]
    if "قبل" in marked or "ghabl" in marked:
        before = _before_coming(marked.split())
        keep = [k and w not in before for k, w in zip(keep, word_indexes)]
    if "بعد" in marked or " bad" in marked:
        put_off = _fee_put_off(marked.split())
        keep = [k and w not in put_off for k, w in zip(keep, word_indexes)]
    only_hit = any(k and c is not None and c.only and not polite for k, c, polite in zip(keep, owners, courtesy))
    if only_hit:
        keep = [k and (polite or (c is not None and c.only)) for k, c, polite in zip(keep, owners, courtesy)]
    return keep


def clause_of(found: list[Clause], word: int) -> Clause | None:
    for clause in found:
        if clause.first <= word <= clause.last:
            return clause
    return None
