"""Number offers: the buyer's figure in a message («۴۰ میدم بدی؟», «۳۵ تومن نقد میخری؟», «۲۰۰ رهن ۱۰ اجاره؟»).

A regex grammar (an amount, a unit, filler words, a paying or deal-closing verb) over the canonical
text (:func:`responder.text.clean`: digits in Latin, ZWNJ dropped, so «۴.۵» stays one number), with
the shapes that are offers without a verb (a deposit and a rent, a sum off the price, a range, a
formal «مبلغ … پیشنهاد میکنم»), and the numbers that are not offers kept out (counts, ages, years,
times, sizes, phone numbers).  Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from responder.text import clean, read_finglish, respelled

_UNITS = {"میلیارد": 1_000_000_000, "میلیون": 1_000_000, "ملیون": 1_000_000, "میلیون تومن": 1_000_000,
          "تومن": 1, "تومان": 1, "تومنی": 1, "تومانی": 1, "هزار": 1_000, "هزار تومن": 1_000, "ت": 1, "م": 1_000_000,
          "milliard": 1_000_000_000, "million": 1_000_000, "milion": 1_000_000, "toman": 1, "tomen": 1, "t": 1, "m": 1_000_000, "b": 1_000_000_000, "mil": 1_000_000}  # fmt: skip
_VERBS = (
    r"می ?دم|میدیم|بدم|بدیم|میخرم|میخریم|بخرم|بخریم|برمیدارم|برمی ?دارم|برمیداریم|بدی|بدین|بدید|میدی|میدین|میدید|میخری|میخرید|میخرین|"  # every person: «۴۰۰ بدیم؟», «۳۰ بخریم؟»
    r"بفروشی|بفروشید|بفروشین|حساب کنی|حساب کنین|حساب می ?کنی|حساب می ?کنید|حساب می ?کنین|قبول داری|قبول دارید|قبول دارین|"
    r"واریز کنم|کارت به کارت کنم|پایهای|"  # «۴۰ بفروشی میخرم», «۹۰ حساب میکنی؟», «۳۰ قبول داری؟», «۵۰ پایه‌ای؟» (ZWNJ dropped)
    r"بگیر|میگیری|میگیرید|میگیرین|midam|midi|bedi|bedid|bedam|bedim|mikharam|mikhari|تموم میشه|تموم کنیم|جمعش کنیم|"
    r"میفروشی|میفروشید|میفروشین|حساب کن|حساب کنید|قبول می ?کنی|قبول می ?کنید|قبول می ?کنین|قبوله|قبول|"
    r"اوکی هستی|اوکی هستید|اوکی هستین|میبرم|می برم|بردارم|میزنی|میزنید|میزنین|midid|midin|mikharid|"
    r"میشه|می ?شه|خوبه|اوکیه|ok|پایه ای|هست|حله|"
    r"بد(?:ه|ش)(?=\s*(?:بریم|ببرم|بیام|میام|بیاد|میخرم|میبرم|میبرمش|برمیدارم|معطلش|[،,.!؟?]|$))|"  # «۱۳ بده بریم»: give it for 13
    r"آخرشه|آخرش|اخرشه|اخرش|akharame|akharesh|"  # «۳۸۰ آخرشه؟», «۱۷ آخرش، قبول؟»: the buyer's last word is a number
    r"آخرین پیشنهادمه|آخرین پیشنهادم|آخرین پیشنهاد|اخرین پیشنهادمه|اخرین پیشنهادم|اخرین پیشنهاد|"  # «۴۱۰ میلیون آخرین پیشنهادمه»
    # «پونصد و بیست، آخرین حرفم», «۳۲ حرف آخرمه»: the buyer's last word is a number, said as «my last word»
    r"آخرین حرفمه|آخرین حرفم|آخرین حرف|اخرین حرفمه|اخرین حرفم|اخرین حرف|حرف آخرمه|حرف آخرم|حرف اخرمه|حرف اخرم|"
    # «۴۰۰ تومن بیشتر نمیده، قبول میکنی؟» (someone paying for the buyer: a ceiling), «۳۰۰ رضایت میدی؟», «راضی هستی؟», «موافقی؟»
    r"بیشتر نمیده|بیشتر نمیدن|بیشتر نمیدیم|راضی هستی|راضی هستید|راضی هستین|راضی ای|راضی هستین|رضایت میدی|رضایت میدید|رضایت میدین|"
    r"موافقی|موافقید|موافقین|موافق هستی|موافق هستید|موافق هستین|"
    # «۲۰ تومن نقد بیارم؟», «۴۰۰ میلیون نقد میارم»: the buyer brings the sum (with money words: _NEEDS_MONEY)
    r"بیارم|میارم|بیاریم|میاریم|میارمش|"
    # «نیم میلیارد دادم بریم؟», «۸ میلیارد بسته میشه؟»: a sum given, then «shall we go / is it closed» (with money: _NEEDS_MONEY)
    r"دادم(?=\s*[،,]?\s*(?:بریم|بیام|حله|قبول|اوکی|ok))|بسته می ?شه|بسته کنیم|"
    # «۱۲ تومن کارت به کارت همین الان», «۳۰۰ رهن کامل میکنید؟»: how the buyer pays, or what he makes of the sum
    r"کارت به کارت(?=\s*(?:همین الان|همین امروز|الان|همین حالا)?\s*(?:[،,.!؟?]|$))|(?<=کامل )می ?کنید|(?<=کامل )می ?کنی|(?<=کامل )می ?کنین|"
    r"بیشتر نمی ?دم|بیشترش نمی ?دم|بیشتر نمی ?تونم بدم|بیشتر ندارم|بیشتر نداریم|"
    # fresh6: the ceiling said by «we», and what it is for between («۳۵۰ بیشتر نمیتونیم رهن بدیم»)
    r"بیشتر نمی ?تونیم(?:\s+(?:رهن|ودیعه|پول پیش|پیش|اجاره))?\s+بدیم|بیشتر نمی ?تونم(?:\s+(?:رهن|ودیعه|پول پیش|پیش|اجاره))\s+بدم|"
    # «۴۸۰ میلیون نمیدی؟», «بیست و هشت نمیشه؟» (can't it be …?: with a figure, _NEEDS_FIGURE, _weak_made_sure),
    # «… نقد خدمتتون تقدیم میکنم», «دوازده تومن کل وسایلو جمع میکنم» (with money), «۳۹۰ دمه» (I give, in the south)
    r"نمیدی|نمیدین|نمیدید|نمی ?شه|مشه|تقدیم (?:می ?)?کنم|تقدیم (?:می ?)?کنیم|جمع می ?کنم|دمه|نمی ?تونم بدم|می ?تونم بدم|میتونیم بدیم|"  # «۴۳۰ بیشتر نمیتونم بدم»: a ceiling is an offer
    r"چطوره|بزنیم|میزنیم|بگیرید|بگیرین|کارت به کارت می ?کنم|واریز می ?کنم|"
    r"کنار میای|کنار میاین|کنار میاید|کنار میایی|کنار میایید|کنار بیای|کنار بیاین|کنار بیاید|"  # «با ۸.۵ کنار میای؟»
    r"میخرمش|میخریمش|بخرمش|برش میدارم|"  # «۴۰۰ نقد میخرمش»
    r"می ?برمش|ببرمش|ببرم|می ?گیرمش|می ?گیرم|قولنامه می ?کنیم|قولنامه کنیم|راضی می ?شی|راضی می ?شید|راضی می ?شین|"  # «تخفیف بده ۱۵ میبرمش», «رهن کامل ۷۰۰، راضی میشی؟»
    r"میذارم|می ?ذارم|بذارم|"  # «۲۰۰ پیش میذارم»: a deposit the buyer puts down
    r"میبندی|میبندید|میبندین|ببندیم|میبندیم|"  # «کل کارو ۱۵ میلیون میبندی؟»: close the deal at
    r"انجام میدی|انجام میدید|انجام میدین|انجامش میدی|انجامش میدید|انجامش میدین|"  # a fee offered for a service:
    r"کار میکنی|کار میکنید|کار میکنین|"  # «متری ۸۰ انجام میدی؟», «روزی ۴۰۰ کار میکنی؟»
    r"نقد+(?:ا|ن)?(?=\s*(?:همین الان|همین امروز|همین حالا|همین فردا|الان|فردا|امروز|امشب)?\s*(?:[،,.!؟?]|$))|"  # «۶۲۰ میلیون نقد همین الان», «430T نقد فردا»
    # «۴۵ نقد الان میام ببرمش»: cash, and the buyer comes now (with a figure: not «همین فردا نقد میام», no number)
    r"نقد+(?:ا|ن)?(?=\s*(?:همین الان|همین امروز|الان|امروز)\s+(?:میام|میایم)(?![\w]))|"
    # recall6: paying verbs in the south and west («هشتصد ملیون مدم», «دو میلیارد دهم، خوبه؟», «یک و نیم بتم میتی؟»: I give / you give)
    r"مدم|دهم|بتم|میتی|"
    # fresh2: the southern «you buy» («هفت و نیم موخری؟»: «میخری» with «مو-», as «موفروشی»)
    r"موخری|موخرید|موخرین|"
    # recall9: «you give» in the south and the west and in Azeri-Persian («ای فرش ره ۸ مودی؟», «۲ میلیون مدی؟», «سیصد و هشتاد بتی؟»,
    # «۱۴ بیدم؟», «روزی ۸۰۰ مگیری؟», «۳۲۰ بیگیر», «۶ تومن وئریرم»), «give it (to me)» («با ۳۲ میدیش به من؟»), «I count out» (with money)
    r"مودی|مودین|مدی|مدین|بتی|بتین|بیدم|مگیری|مگیرین|بیگیر|بیگیرین|وئریرم|میدیش|بدیش|میدینش|میدیدش|بدینش|میشمارم|"
    # recall9: a ceiling or a last word said after the figure («دو تومن، نه بیشتر», «۶ تومن بیشتر ندروم», «… آخر حرفم»,
    # «چهل و هفت تومن، بیشتر در توانم نیست»), «if you say X I come» («۴۰۰ بگی میام»), «۴۹۰ رضایت بدی», «… ۲۵۰ اولار؟» (Azeri: «will it do?»)
    r"(?:نه بیشتر|بیشتر نه|بیشتر ندروم|بیشتر نداروم|آخر حرفم|اخر حرفم|بیشتر در توانم نیست|پیشنهادمه)(?![\w])|"
    r"بگی(?=\s+(?:میام|میایم|میخرم|میخرمش|میبرم|میبرمش|برمیدارم))|رضایت بدی|رضایت بدید|رضایت بدین|اولار|کافیه|ردیفه|بزنم|بکنی|"
    # «۴۵۰ فیکس، دیل؟», «۱۲ تومن کش، فاینال», «دو میلیارد و سیصد، بیشتر نمیتونم»: loanwords and a ceiling ending the clause
    r"(?:فیکس|فاینال|دیل|کش|deal|dil|بیشتر نمی ?تونم|بیشتر نمی ?تونیم|بالاتر نمی ?تونم)(?=\s*(?:[،,.!؟?]|$))|"  # «۲.۵ نقد، …», «هیجده و نیم نقد»: a number and «cash» ending the clause
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
    "یک|دو|سه|چهار|چار|پنج|شش|شیش|هفت|هشت|یازده|دوازده|سیزده|چهارده|پونزده|پانزده|شونزده|شانزده|هفده|هیفده|"
    "هجده|هیجده|هژده|نوزده|بیست|سی|چهل|چل|پنجاه|پنجا|شصت|هفتاد|هشتاد|نود|صد|دویست|سیصد|چهارصد|چارصد|پونصد|پانصد|ششصد|شیشصد|هفتصد|"
    "هفصد|هشتصد|هشصد|نهصد|شیصد|هیژده|نونزده|شصد|"  # «شیش‌صد» (ZWNJ dropped), «هشصد», «هفصد», «شیصد», «چارصد», «چار»: as said (wrongs10)
    "(?:دو|سه|چهار|پنج|شش|هفت|هشت|نه) صد"  # recall6: the hundreds written apart («سه صد و پنجاه», «هفت صد هزار»)
)
# «نه» is nine (and «یه» one, «ده» ten) only in «نه و نیم», «یه و نیم», «ده و نیم»; «ده» ten after «و» («چهارصد و ده»);
# «ونیم» glued as typed («دوازده ونیم»)
# recall9: «و» glued as typed with the ZWNJ dropped («چهارصدوسی», «سیصدوپنجاه», «سیوپنج»)
_NUMBER_WORDS = "(?:" + _WORDS + "|(?:نه|یه|ده)(?=\\s+و\\s*نیم))(?:\\s+و\\s*نیم|(?:\\s+و\\s+|(?<=[^\\W\\d])و)(?:ده|" + _WORDS + ")(?:\\s+دهم)?){0,4}"
# «۳۸۰ تا نقد»، «۳۲ تا بدی …»: «تا» as the market's unit before cash or a verb of paying (a count otherwise:
# «۳ تا میخوام»; and a single digit stays a count: «۲ تا بدی؟»)
_SINGLE_WORDS = frozenset({"یک", "دو", "سه", "چهار", "پنج", "شش", "شیش", "هفت", "هشت", "نه"})  # «دو تا بدی؟»: two pieces
# After a unit: «و نیم», «و هشتصد», «و هشتصد و پنجاه», «و نهصد هزار (تومان)» (quoted whole, not a figure)
_TAIL = (r"(?:\s+و\s*نیم(?![\w])|\s+و\s+(?:" + _WORDS + r"|\d{1,3})(?![\w]))(?:\s+و\s+(?:" + _WORDS + r"|\d{1,3})(?![\w])){0,3}"
         r"(?:\s+هزار(?:\s+(?:تومن|تومان))?(?![\w]))?")
_TA_SUM = r"\s+(?:نقد|بدی|میدی|بدم|میدم|بدین|میدین|بدید|میدید|بذاری|بزاری|بذارید|بزارید|میخوای بدی)(?![\w])"  # «سیصد تا بذاری برمیدارم»
_OFFER = re.compile(
    # «۱,۸۰۰,۰۰۰ میدم»: a sum written with thousands separators is one number
    r"(?<![\w/:.,])(?!0\d)(?P<amount>\d{1,3}(?:[,٬]\d{3})+(?![\d,٬])|\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s*نیم|\s+و\s+(?:\d\s*دهم|\d{3}(?![\d\w])))?|" + _NUMBER_WORDS + r"(?=\s|[،,.!؟?]|$)|(?:یه|نیم)(?=\s+(?:میلیون|ملیون|میلیارد))|یه(?=\s+(?:تومن|تومان))|هزار(?=\s+(?:تومن|تومان))|"
    r"ده(?=\s+(?:میدم|بدم|میدیم|بدیم|میدی|بدی|میدین|بدین|میدید|بدید)(?![\w])))"  # «ده میدم»: ten (not «gives»)
    r"(?![\d:]|\s*(?:تا(?!" + _TA_SUM + r")|عدد|دونه|سال|ساعت|روز(?!ی(?![\w])|انه)|ماه|کیلو|درصد|گیگ|متر|نفر|دقیقه|ثانیه|هفته|سانت|اینچ|طبقه|%))"
    r"\s*(?P<unit>تا(?=" + _TA_SUM + r")|میلیارد|میلیون تومن|میلیون|ملیون|هزار تومن|هزار|تومنی|تومانی|تومن|تومان|ت(?=\s|$)|م(?=\s|$)|milliard|million|"
    r"milion|mil(?=\s|$)|toman|tomen|m(?=\s|$)|t(?=\s|$)|b(?=\s|$))?(?(unit)(?:(?<=[mbم])\s*(?:تومن|تومان|toman))?)"  # «3.5M تومن», «3.2B تومن»
    # after a unit: «یک میلیون و نیم», «یه میلیون و هشتصد» (quoted whole), and what it is for: «۷۰۰ تومن برا میز خوبه؟»
    r"(?(unit)(?P<tail>" + _TAIL + r")?(?:\s+(?:برای|برا|واسه|کل)(?:\s+[^\s\d،,.!؟?]+){1,3}?)?)"  # «۸ تومن کل کار، قبول؟»
    r"(?P<fill>(?:(?:\s*[،,]\s*|\s+)(?:(?:یه |یک )?(?:قرون|ریال)(?:م|ش)?|یه (?:تومن|هزار)م?|دستی|تقریبا|حدودا|خدمتتون|خدمتت|خدمت شما|"
    r"روزانه|متری|عددی|دونهای|دونه ای|با این|با همین|نقد|نقدی|تمام|کامل|اخر|آخر|دیگه|قطعی|فقط|رو|را|هم|بهت|بهتون|ازت|ازتون|بهم|به من|من|اجاره|رهن|پول|پیش|ودیعه|"
    r"ماهیانه|ماهانه|ساعتی|روزی|دستمزد|حقوق|کلش|همش|دارم|دستمه|نقدا|نقدن|کش|فیکس|فاینال|cash|naghd|final|"  # «42T final, ok?»
    r"بدون رهن|بدون ودیعه|بدون اجاره|بی رهن|"  # «ماهی ۱۵ بدون رهن میدی؟»: a rent with no deposit (wrongs10)
    r"نهایی|نهای|nahaii|nahayi|nahaei|"  # «۳۰۰ نهایی میدم», «25T nahaii midam»: the buyer's final figure (wrongs10)
    r"حقوق میخوام|حقوق میخواهم|"  # «۱۲ ملیون حقوق میخوام، میدید؟»: the salary a job seeker asks for, a bid (the label contract)
    r"دست به نقد|باشه|اگه|اگر|میتونم|همین الان|همین امروز|همین حالا|الان)){0,3})"
    r"\s*[،,]?\s*(?P<verb>" + _VERBS + r")(?![\w])"  # «سیصد و پنجاه تومن نقد، قبوله؟»
    # «۱۲ میدم، بی چونه» (no haggling), «هجده و پونصد نقد، آخرشه» (it is his last; not «آخرشه؟», asked): the offer's own words
    r"(?:\s*[،,]?\s*(?:(?:بی|بدون) ?(?:چونه|چانه)|آخرشه|اخرشه|آخرش همینه|اخرش همینه|آخرش اینه|اخرش اینه)(?![\w])(?!\s*[؟?]))?"  # wrongs10: «… میدم آخرش همینه»
)
# A deposit and a rent, each a number («۱۵۰ میلیون رهن ۱۰ اجاره؟», «ودیعه ۵۰۰ و اجاره ۱۲»): an offer
# even without a verb; one number beside «اجاره» alone («اجاره ۱۰ هست؟») may be the ad's own figure.
# A figure in digits or in words («سیصد پیش، پنج اجاره»; «ده» is ten here, beside «رهن» or «اجاره»).
_AMOUNT = r"(?:\d{1,4}(?:[./٫]\d{1,3})?|(?:" + _NUMBER_WORDS + r"|ده)(?![\w]))(?:\s*(?:میلیون|ملیون|میلیارد|تومن|تومان|م(?=\s)|(?<=\d)m(?=\s)))?"
_DEPOSIT = r"(?:رهن|ودیعه|پول پیش|پیش|deposit)(?:\s+(?:کامل|رو|را))?"
_RENT = r"(?:اجاره|اجراه|ااجره|اجره|ماهیانه|ماهانه|ماهی|کرایه|monthly|rent)"  # «۲۰۰ رهن ۸ اجراه»: the typos too
_SIDE = r"(?:{a}\s*{w}|{w}\s*{a})"
_RENT_PAIR = re.compile(
    r"(?<![\w/:.,])" + _SIDE.format(a=_AMOUNT, w=_DEPOSIT)
    + r"(?:\s+(?:دارم|داریم|میدم|میدیم|میذارم|میذاریم))?(?:\s*(?:و|،|,))?\s*"  # «پول پیش ۲۰۰ داریم، ماهی ۸ …»
    + _SIDE.format(a=_AMOUNT, w=_RENT) + r"(?![\w])"
    # wrongs10: the rent first («ماهی ۲۰ اجاره، ۱۰۰ ودیعه، اوکی؟», «اجاره ۱۰، رهن ۲۰۰ میدم»): «ماهی ۲۰ اجاره» is one side
    + r"|(?<![\w/:.,])(?:ماهی\s+)?" + _SIDE.format(a=_AMOUNT, w=_RENT) + r"(?:\s*(?:و|،|,))?\s*" + _SIDE.format(a=_AMOUNT, w=_DEPOSIT) + r"(?![\w])"
)
# wrongs11: a deposit with no rent at all («۵۰۰ رهن بدون اجاره», «رهن ۴۰۰ بدون اجاره؟», «پونصد رهن، هیچی اجاره، اوکیه؟»): the
# buyer's two terms, the rent named as nothing; an offer as a pair is
_DEPOSIT_NO_RENT = re.compile(
    r"(?<![\w/:.,])" + _SIDE.format(a=_AMOUNT, w=_DEPOSIT) + r"\s*[،,]?\s*(?:(?:بدون|بی|هیچی|صفر)\s+" + _RENT + r"|" + _RENT + r"\s+(?:هیچی|صفر))(?![\w])"
)
# wrongs10: a sum for the full deposit as the whole clause («یک و دویست رهن کامل», «میشه ۲ میلیارد رهن کامل؟», «رهن کامل
# ۷۰۰؟»): the buyer's figure (every such corpus line is an offer); not a cap («زیر ۸۰۰ رهن کامل»: what the buyer looks for)
_FULL_DEPOSIT = re.compile(
    r"(?:^|[،,.!؟?]\s*)(?:(?:میشه|می شه|با)\s+)?(?:(?P<a1>" + _AMOUNT + r")\s+رهن\s+کامل|رهن\s+کامل\s+(?P<a2>" + _AMOUNT + r"))"
    r"\s*(?:[،,.!؟?]|$)"
)
# A sum off the price («۵۰۰ تومنی کمتر بده», «۲ تومن کمتر حساب کنید قبوله؟», «پنجاه تومنی از اجاره کم کنید»,
# «۵۰ تومن بیا پایین»): a concrete number, so an offer (the label contract), not a bare «come down»
# (negotiation-words' `unless_offer` leaves these to the offer rule).  Quoted as written: «۲ تومن» alone would
# read as the buyer's whole offer.  «یه کم کمتر», «۱۰ درصد کمتر» hold no sum (negotiation); «۲ تومن کمتر میدی؟» and
# «بیست تومن تخفیف بدی میام» (a unit of money: «برای هر سه تخفیف میدی؟» is a count) name one, as «۵۰۰ تومنی کمتر بده»
# does: a bid (the label contract, sixteenth session).
_LESS = re.compile(
    r"(?<![\w/:.,])(?:\d{1,4}(?:[./٫]\d{1,3})?|(?:" + _NUMBER_WORDS + r"|ده)(?=\s)|(?:یه|نیم)(?=\s+(?:میلیون|ملیون|میلیارد|تومن|تومان)))"  # «نیم میلیون کم کن», «یه تومن کمتر کنید»
    r"(?P<unit>\s*(?:میلیون|ملیون|میلیارد|هزار تومن|تومن|تومان|تونم|تمن|هزار|ت(?=[ی\s])|م(?=[ی\s])|(?<=\d\d)\s*تا(?=\s+کم)|(?<=[^\W\d])\s*تا(?=\s+کم))"
    r"(?:\s+و\s*نیم(?![\w])|\s+و\s+(?:" + _WORDS + r"|\d{1,3})(?![\w]))?)?ی?"  # «یه میلیون و نیم کمتر بدم»
    r"\s+(?:از\s+\S+\s+)?(?:(?:کمتر|کمترش|کم|کمش|(?(unit)تخفیف|کمتر))(?=\s+(?P<verb>حساب|بده|بدی|بدید|بدین|بدم|کن|کنید|کنین|کنی|بکن|بکنید|"
    r"میدی|میدید|میدین|نمیدی|نمیدین|نمیدید|بذار|بزار|بذارید|بزارید|بگیر|بگیری|بگیرید|بگیرین|میکنی|میکنید|میکنین|نمیکنی|نمیکنید|میشه)(?![\w]))"
    # recall9: «you come down» too, and the buyer's «I buy» after it («سه تومن بیای پایین همین الان میخرم», «اگه ۱۵ تومن بیای پایین میخرمش»)
    r"|(?:بیا|بیاید|بیاین|بیایید|بیاد|بیای|بکش|بکشید|بکشین|بکشی)\s+پای?ین(?:(?=(?P<closer>\s*[،,]?\s*(?:همین الان\s+|الان\s+)?(?:قطعیه|قطعی|حله|میخرم|میخرمش|میبرم|میبرمش|برمیدارم)(?![\w]))))?"  # «ده تومن بیاد پایین قطعیه»
    # «سه تومن کمتر، همین امروز میبرم»: a sum off, then the buyer takes it
    r"|کمتر(?=\s*[،,]\s*(?:\S+\s+){0,2}?(?P<took>میبرم|میبرمش|میخرم|میخرمش|برمیدارم)(?![\w]))"
    # «پنج تومن کمتر از قیمتت میدم», «۱۰۰ میلیون کمتر از قیمت آگهی، اوکیه؟», «۲ تومن کمتر از آگهی»: a sum off the asked
    # price, named as such, then any verb of paying or agreeing, or nothing: the buyer's price (the corpus: offer)
    r"|(?:کمتر(?=\s+از\s)|زیر(?=\s+(?:قیمت|آگهی|اگهی|نرخ)))(?=\s+(?P<off>(?:از\s+)?(?:قیمت|آگهی|اگهی|نرخ)\S*(?:\s+(?:آگهی|اگهی|خودتون|خودت|شما)\S*)?"
    r"(?:\s*[،,]?\s*(?:می ?دم|میدیم|بدم|بدیم|میدی|میدید|میدین|بدی|بدید|بدین|اوکیه|اوکی|ok|خوبه|قبوله|قبول|حله|میشه|میخرم|برمیدارم|"
    r"میبرم|میبرمش|حساب کن|حساب کنید|حساب کنین|بفروشید|بفروشی|بفروشین|میفروشی|میفروشید|میفروشین))?(?![\w])))"
    # «یک و نیم تومن کمتر؟»: a sum in money off, asked alone (as «۲ تومن کمتر میدی؟»)
    r"|(?P<asked>کمتر)(?=\s*[؟?]+\s*$))"
)
# «کل کار ۲ و نیم میلیون؟», «۱۲۰۰ تومن برای هر دوتا مبل؟», «هفتصد و پنجاه تومن برای لوله کشی کل آشپزخونه؟»: a sum in
# money, asked, and what it is for: the buyer's figure (a clause of its own, so «قیمتش ۷۰۰ تومن برای هر دوتاست؟» is not)
_SUM_ASKED = re.compile(
    r"(?:^|[،,.!؟?]\s*)(?:(?:کل کار(?:و| رو)?|کلش|همش|هر دو ?تا(?:ش)?(?:و| رو)?)\s+)?"
    r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+نیم)?|" + _NUMBER_WORDS + r")"
    r"\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان|هزار تومن)(?P<tail>(?:\s+(?:برای|برا|واسه)(?:\s+[^\s\d،,.!؟?]+){1,4})?)\s*[؟?]"
)
# Shapes with no verb (fifth pass), each over the whole message or a clause of its own.  An amount, and a unit of money
# (also glued: «۵۳۰م», «2/5م», «3.5M تومن», «3.2B»; cleaned text is lower case)
_AMT = r"\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s*نیم)?|" + _NUMBER_WORDS + r"|یه|نیم"
# «185T», «25T?»: a Latin «T» (thousand toman) after two digits at least («1T» is a terabyte)
_MONEY_UNIT = r"میلیارد|میلیون تومن|ملیون تومن|میلیون|ملیون|هزار تومن|تومن|تومان|(?<=\d)(?:م|m|b)(?:\s*(?:تومن|تومان))?(?![\w])|(?<=\d\d)t(?![\w])"
# «بیست و سه ملیون», «سه و نیم میلیارد.», «دو میلیون و نهصد هزار تومان»: the whole message is a sum in money
_ALONE = re.compile(r"(?P<amount>" + _AMT + r")\s*(?P<unit>" + _MONEY_UNIT + r")(?P<tail>" + _TAIL + r")?"
                    r"(?:\s*[،,]?\s*(?:نقد|نقدی|نقدا|فقط|کش|cash|final|فاینال)(?:\s*[،,]?\s*(?:نقد|نقدی|نقدا|فقط|کش|cash|final|فاینال|"
                    # recall9: when the buyer pays, after cash or a last word («12M cash, today», «25m final? na?»)
                    r"امروز|امشب|فردا|همین الان|الان|today|tonight|tomorrow|emrooz|emshab|farda)){0,3})?\s*[.!؟?]*(?:\s*(?:نه|na)\s*[؟?]+)?")
# recall9: a compound figure in words alone, or a figure and its thousands («سیصد و هشتاد», «پنجاه و چهار», «یک و نیم», «۱ و
# ۲۰۰ دیگه؟»), or a sum asked after «so» («خب پس ۲۰ تومن؟»): the whole message is the buyer's figure (every such corpus line
# is an offer); not a bare «۴۵» with no «؟» (a model, a size, a year)
_WORDS_ALONE = re.compile(
    r"(?:(?:خب|پس|باشه)\s+){0,2}(?:(?P<amount>(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|ده|" + _WORDS + r")){1,4}|\d{1,2}\s+و\s+(?:نیم|\d{3}))(?P<unit>)"
    r"(?:\s+دیگه)?\s*[.!؟?]*|(?<=\s)(?P<sum>\d{2,4}(?:[./٫]\d{1,3})?)\s*(?P<sumunit>میلیارد|میلیون|ملیون|تومن|تومان)\s*[؟?]+)"
)
# «پونصد و سی؟ نقد نقد», «هفده ملیون و پونصد؟ آخرشه», «سه و دویست؟ بیشتر ندارم»: a figure asked, then only the
# buyer's cash, last word or ceiling (not «۲؟ …», «۱۴۰۰؟ …»; not a second question)
_CLOSER = r"(?:آخرشه|آخرش|اخرشه|اخرش|نقد|نقدا|نقدی|بیشتر ندارم|بیشتر نداریم|بیشتر نمی ?دم|بیشتر نمی ?تونم|قبول|قبوله|حله|دیل|فاینال|فیکس|والسلام)"
_BARE_THEN = re.compile(
    r"(?P<amount>\d{2,4}(?:[./٫]\d{1,3})?|\d(?:[./٫]\d{1,3})|(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|ده|" + _WORDS + r")){0,4})"
    r"\s*(?:(?P<unit>" + _MONEY_UNIT + r")(?P<tail>" + _TAIL + r")?)?\s*[؟?]+\s*[،,]?\s*" + _CLOSER + r"(?:\s*[،,]?\s*" + _CLOSER + r"){0,3}\s*[.!]*"
)
# «سیصد و شصت، سند و کارتش آماده‌ست؟», «دو و نهصد، کمیسیون هم نمیدم»: a compound figure in words opens the message as
# a clause of its own, with hundreds in it (not «بیست و پنج، …»: an age; not beside «گرون», «زیاد»: the
# price talked of; not a size, a year)
_HUNDREDS_WORDS = r"(?:صد|دویست|سیصد|چهارصد|پونصد|پانصد|ششصد|شیشصد|هفتصد|هفصد|هشتصد|هشصد|نهصد)"  # not «نیم»: «دو و نیم، …» is often an hour
_HUNDREDS_IN = re.compile(r"(?:^|\s)" + _HUNDREDS_WORDS + r"(?![\w])")
_WORDS_OPEN = re.compile(
    r"(?P<amount>(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|ده|" + _WORDS + r")){1,4})\s*(?:(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان)(?P<tail>" + _TAIL + r")?)?"
    r"\s*[،,](?![^؟?]*(?:^|\s)(?:گرون|گرن|زیاد|سایز|سال|سن(?![\w])|متر|کیلو|ساعت|شماره|پلاک|مدل))"
)
# «۱۷٫۸ + گوشی قدیمیم», «چهارصد و نود تومن + یه موتور روش»: a sum opening the message, plus an item (a swap with money)
_PLUS = re.compile(r"(?P<amount>" + _AMT + r")\s*(?:(?P<unit>" + _MONEY_UNIT + r")(?P<tail>" + _TAIL + r")?)?\s*(?:\+|به علاوه|بعلاوه)\s*(?![\d\s+])"
                   r"(?!(?:سال|ماه|روز|هفته|ساعت|دقیقه|گیگ|ترا|مگ|متر|نفر|تا|عدد|دونه|کیلو|سانت|اینچ|درصد|%))")  # «۶+ سال سابقه»
# «دو و هشتصد تا سه تومن؟», «۳ تا ۴ میلیون برای کل کار»: a range of sums in money as a clause of its own
_RANGE_MONEY = re.compile(
    r"(?:^|[،,.!؟?]\s*)(?:بین\s+|حدود\s+|حدودا\s+)?(?P<amount>(?:" + _AMT + r")(?:\s*(?:" + _MONEY_UNIT + r"))?\s+تا\s+(?:" + _AMT + r"))"
    r"\s*(?P<unit>" + _MONEY_UNIT + r")(?=\s*(?:[؟?]|$|(?:برای|برا|واسه|کل)(?![\w])))"
)
# «کل خونه رو پنج تومن رنگ میکنی؟», «۳ میلیون نصب میکنید؟»: a sum in money, the work, and «do you do it?» asked
_SUM_DO = re.compile(
    r"(?:^|[\s،,])(?<!قیمت )(?<!هزینه )(?<!هزینش )(?<!هر )(?P<amount>" + _AMT + r")\s*(?P<unit>" + _MONEY_UNIT + r")"
    r"(?:\s+(?!(?:چند|چقدر|چقد|چی|جابجا|جابه|عوض|معاوضه|تاخت|تخفیف|خرج|کرایه|هزینه|بیعانه|پول)(?![\w]))[^\s\d،,.!؟?]+){1,2}"  # not «… چند تبدیل میکنید؟», a swap
    r"\s+(?:می ?کنی|می ?کنید|می ?کنین|میزنی|میزنید|میزنین)\s*[؟?]"
)
# «با ۴۰ میشه؟», «قیمت کلش ۱۵ میشه؟» (the whole lot for 15): a weak verb after these still makes an offer
_BEFORE = re.compile(r"(?:^|\s)(?:با|روی|رو|به|کلش|همش|کلشو|همشو)\s*$")
# A number alone, asked («٣٧٠؟», «پونزده و نیم؟»): the buyer's figure. Not a single digit («۲؟» could be anything),
# nor a year («۱۴۰۰؟» asks the model).
_BARE = re.compile(r"(?:رهن کامل\s+)?(?P<amount>\d{2,4}(?:[./٫]\d{1,3})?|\d(?:[./٫]\d{1,3})|(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|" + _WORDS + r")){0,4})"
                   r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?\s*[؟?]+")
# «سن بالای ۳۰ قبوله؟», «ساعت ۵ میبرم», «مدل ۹۸ آخرشه؟», «راننده پایه دو میگیرین؟» (a licence grade): no offer
_LIMIT = re.compile(r"(?:^|\s)(?:بالای|بالاي|زیر|zire|zir|سن|حداقل|حداکثر|ساعت|از|مدل|پایه)\s*$")
_FROM = re.compile(r"(?:^|\s)از\s*$")
# «پیش پرداخت ۱۰۰ بدم بقیه چک؟», «پیش‌پرداخت ۵ میدم، مابقی قسطی»: a down payment and the rest on terms is a plan of
# payment asked (label contract: installments for cars and phones), not a figure bid for the item
_DOWN_PAYMENT = re.compile(r"(?:^|\s)(?:پیش ?پرداخت|پیش ?پرداختش|پیش ?قسط)\s*$")
_THE_REST = re.compile(r"(?:^|\s)(?:بقیه|بقیش|بقیشو|بقیهاش|بقیه اش|مابقی|مابقیش|باقیش|باقیشو|باقی)(?![\w])")
# labels6: «۲۰۰ پیش میدم مابقی ماهی ۱۵ تومن», «با اقساط ۱۲ ماهه اوکیه؟ ۲۰۰ پیش میدم», «لپتاپ قسطی با پیش ۵ تومن میدی؟»: a figure
# named «پیش» in a sale on terms is the down payment (label contract: installments), not a bid; with a rent or a deposit
# word in the message («۱۰۰ پیش، بقیه اجاره») «پیش» is a flat's deposit, and the pair is an offer
_ADVANCE = re.compile(r"(?:^|\s)پیش(?:\s|$)")
_ON_TERMS = re.compile(r"(?:^|\s)(?:قسط|اقساط|چک)\S*")
_LEASE = re.compile(r"اجار|رهن|ودیعه|کرایه|(?i:ejare|rahn|vadie)")
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
    r"بیشتر نمی ?صرفه|خوبه|حله|کار میکنی|کار میکنید|میشه(?=\s*[؟?]))(?![\w])"  # wrongs10: «جلسه‌ای ۳۰۰ میشه؟»
)
# A rate and a number alone
_RATE_FIGURE = (r"(?:متری|روزی|ساعتی|جلسه ?ای|هر متر|هر جلسه|نفری|شبی|عددی|دونه ?ای|هر دونه|هر عدد)\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|"
                + _NUMBER_WORDS + r")" + _NOT_MONEY + r"\s*(?P<unit>هزار تومن|تومن|تومان|میلیون|هزار)?")
# … opening the message («متری هشتاد و پنج», «متری ۵۵، اول بیاید ببینید»), or a clause of its own ending it («اول
# گفتم متری ۱۰۰، باشه متری ۱۱۰»: the buyer's figure, raised)
_RATE_ALONE = re.compile(r"^" + _RATE_FIGURE + r"\s*(?:[،,.!]|$)")
_RATE_LAST = re.compile(r"(?<=[،,.!؟?])\s*(?:(?:باشه|خب|خوب|پس|اوکی)\s+)?" + _RATE_FIGURE + r"\s*[.!]*$")
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
_AMOUNT_MONEY = r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+نیم)?|" + _NUMBER_WORDS + r")\s*(?P<unit>میلیارد|میلیون|تومن|تومان|(?<=\d)(?:م|m|b)(?![\w]))"
_WHOLE = re.compile(r"(?:^|[\s،,.!؟?])" + _WHOLE_WORDS + r"\s+" + _AMOUNT_MONEY + r"\s*(?=[،,.!؟?]|$)")
_WHOLE_AFTER = re.compile(r"(?<![\w/:.,])" + _AMOUNT_MONEY + r"\s+" + _WHOLE_WORDS + r"\s*(?=[،,.!؟?]|$)")
# «پیشنهادم ۴۰۰ه», «قیمت پیشنهادیم ۴۴۰ه، چی میگی؟», «پیشنهاد من ۱۷ تومن»: the buyer names the figure as theirs
_MY_OFFER = re.compile(
    r"(?:^|\s)(?:پیشنهادم|پیشنهادیم|پیشنهاد(?:ی|ه)? (?:من|بنده|ما))(?:\s+(?:هم|اینه|اینکه))?\s*:?\s*"
    r"(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")" + _NOT_MONEY + r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?(?:ه|e|عه|\s+(?:هست|است))?(?![\w])"
)
# «اجاره رو ۱۸ کنید قبوله», «قیمتشو ۴۰۰ کن میام»: the price or rent set to the buyer's figure (not «اجاره رو ۱۰ ماهه
# کنید»: a length; not «قیمت رو ۲ بار چک کن»)
_SET_TO = re.compile(
    r"(?:^|\s)(?:قیمت|اجاره|اجار|کرایه|رهن|ودیعه|پول پیش)\S{0,3}(?:\s+(?:رو|را|و))?\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")"
    + _NOT_MONEY + r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?\s+(?:کنید|کن|کنین|کنی|بکنید|بکن|بکنین|بکنی|میکنید|میکنی|میکنین|می کنید|می کنی)(?![\w])"
)
# «اگه خوب بود نقد میدم ۳۲۰», «نقد ۴۲۰», «نقد دارم، ۴ میلیارد»: cash or a paying verb, then the figure ending the
# message (not a year: «نقد میدم ۱۴۰۳» reads no sum; not «قیمت نقد ۴۲۰»: a price quoted, nor «میخرم ۲۰۶»: a model)
_PAY_FIRST = re.compile(
    r"(?:^|[\s،,])(?<!قیمت )(?:(?:نقد(?:ی|ا|ن)?\s+)?(?:می ?دم|میدیم|بدم|بدیم)|نقد(?:ی|ا|ن)?(?:\s+(?:دارم|داریم|فقط|میدم))?)\s*[،,]?\s+"
    r"(?!1[34]\d\d(?![\d.]))(?P<amount>\d{1,2}\s+و\s+(?:نیم|\d{1,3})|\d{2,4}(?:[./٫]\d{1,3})?|\d(?:[./٫]\d{1,3})?(?=\s*(?:میلیارد|میلیون|تومن|تومان))|" + _NUMBER_WORDS + r")"
    + _NOT_MONEY + r"\s*(?P<unit>میلیارد|میلیون|تومن|تومان)?\s*[.!]*\s*$"
)
# recall9: a floor a job seeker names («کمتر از ۲۰ نمیام», «کمتر از ۱۸ نمیتونم بیام», «ای مشتی کمتر از ۲۰ تومن نموم»: the
# label contract's salary wanted as a floor), and a ceiling before the figure («بیشتر از ۲ و ۸۰۰ ندارم»); not a time or a count
# («کمتر از ۱۰ دقیقه نمیام»)
_FLOOR = re.compile(
    r"(?:^|[\s،,])(?:کمتر|کم تر|پایینتر|پایین تر)\s+از\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?|" + _NUMBER_WORDS + r")" + _NOT_MONEY
    + r"\s*(?P<unit>میلیون|ملیون|تومن|تومان)?(?:\s+(?:تومن|تومان))?\s+(?:نمیام|نمی ?تونم بیام|نموم|نمیایم|کار نمی ?کنم)(?![\w])"
)
_CEILING_FROM = re.compile(
    r"(?:^|[\s،,])بیشتر\s+از\s+(?P<amount>\d{1,4}(?:[./٫]\d{1,3})?(?:\s+و\s+(?:نیم|\d{3}))?|" + _NUMBER_WORDS + r")" + _NOT_MONEY
    + r"\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان)?\s+(?:ندارم|نداریم|نمی ?دم|نمی ?دیم|نمی ?تونم بدم)(?![\w])"
)
# recall9: a figure, then a ceiling as the next clause («بودجه من نهایتش ۴۲۰ میلیونه، بیشتر از این ندارم», «من دو و نیم
# دارم، بیشتر نمیشه», «بودجم نهایتش ۹۰۰ ـه واسه این ماشین، بیشتر ازین نمیتونم»: the label contract's sum the buyer says is all
# he has); a figure with a unit, of two digits at least, or a compound in words (not «۳ دارم، …»: a count); the last figure
# before the comma is his; «نهایتش» before it is his ceiling too (not a request for the last price)
_CEILING_AFTER = re.compile(
    r"(?<![\w/:.,])(?:(?:نهایتش|نهایتا|نهایت|حداکثر)\s+)?(?P<amount>\d{2,4}(?:[./٫]\d{1,3})?(?:\s+و\s*نیم)?|\d(?:[./٫]\d{1,3})?(?=\s*(?:میلیارد|میلیون|ملیون|تومن|تومان))|"
    + _NUMBER_WORDS + r")" + _NOT_MONEY
    + r"\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان)?(?:ه|ـه|\s+ـه)?(?:\s+(?:دارم|داریم|دستمه))?(?:\s+[^\s\d،,.!؟?]+){0,3}?\s*[،,]\s*"
    r"(?:ولی\s+|اما\s+)?بیشتر(?:\s+از\s+(?:این|اون)|\s+ازین|\s+ازش)?\s+(?:ندارم|نداریم|نمی ?تونم|نمی ?تونیم|نمی ?دم|نمی ?دیم|نمی ?شه)(?![\w])"
)
_SEARCHING = re.compile(r"دنبال|می ?گرد|بگرد")
# recall9: a range of sums and a verb of paying or of «if you say so, I come» («۳۸۰تا۳۹۰ بدی میام», «۱۸ تا ۲۰ میخوام بدم»,
# «۳۵ تا ۳۶ دارم فقط»); two figures of two digits or more, the second larger (not «۱۰ تا ۱۲ میام»: the hours, no paying verb)
_RANGE_PAY = re.compile(
    r"(?:^|[\s،,])(?P<amount>(?P<low>\d{2,4})\s*(?:تا|الی|-)\s*(?P<high>\d{2,4}(?:[./٫]\d{1,3})?))(?![\d])" + _NOT_MONEY
    + r"\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان)?\s+(?:بگی|بدی|بدید|بدین|میدی|میدید|میدین|بدم|میدم|میخوام بدم|میتونم بدم|دارم فقط|فقط دارم)(?![\w])"
)
# recall9: a sum in money opening the message as a clause of its own, then only how or when the buyer pays or takes it
# («هفتصد ملیون تومن، نقد، همین فردا محضر», «پنج میلیارد، قولنامه همین هفته», «سه تومن بابت کل ست، نقد», «هفت میلیون و
# دویست، با کرایه خودم»); not a sum beside «گرون / زیاد» (the price talked of), not before a question about it
_OPEN_SUM = re.compile(
    r"(?:(?:خب|پس|باشه|آقا|اقا|کاکو|مشتی|داداش)\s+)?(?P<amount>" + _AMT + r")\s*(?P<unit>" + _MONEY_UNIT + r")(?P<tail>" + _TAIL + r")?"
    r"(?:\s+(?:برای|برا|واسه|بابت)(?:\s+[^\s\d،,.!؟?]+){1,3})?\s*[،,]\s*"
    r"(?=(?:نقد|نقدی|نقدا|کش|cash|قولنامه|محضر|با کرایه|کرایه با|خودم|خودمم|همین|امروز|امشب|فردا|دست به نقد|بیشتر ندار|بقیه رو نمیخوام))"
)
# recall9: a figure with no unit, what it is for, and a verb of paying («سیصد و پنجاه برا نصب کولر بدم؟», «یک و نیم برای کل
# سرویس کولر میدم»): a compound in words or three digits and more (not «۲ برای …»: a count), then «برای / بابت» and the work
_FOR_PAY = re.compile(
    r"(?:^|[\s،,])(?P<amount>(?:" + _WORDS + r")(?:\s+و\s+(?:نیم|ده|" + _WORDS + r")){1,4}|\d{3,4}|\d{1,2}\s+و\s+(?:نیم|\d{3}))(?P<unit>)"
    r"\s+(?:برای|برا|واسه|بابت)(?:\s+[^\s\d،,.!؟?]+){1,4}?\s+(?:بدم|میدم|بدیم|میدیم|بدی|میدی|میدید|میدین)(?![\w])"
)
# Each tried only when one of its words is in the message (one C-level search; most messages hold none)
_WORDED = tuple((pattern, re.compile(words)) for pattern, words in (
    (_MY_OFFER, "پیشنهاد"), (_RATE_OFFER, "متری|روزی|ساعتی|جلسه|هر متر|نفری|شبی"), (_RATE_ALONE, "متری|روزی|ساعتی|جلسه|هر متر|نفری|شبی|عدد|دونه"), (_RATE_LAST, "متری|روزی|ساعتی|جلسه|هر متر|نفری|شبی|عدد|دونه"), (_RATE_AFTER, "متری|روزی|ساعتی|جلسه"),
    (_RANGE_VERB, "حدود|رهن|ودیعه|پیش"), (_SET_TO, "قیمت|اجار|کرایه|رهن|ودیعه|پیش"), (_PAY_FIRST, "نقد|دم|بدیم"), (_UP_TO, "هستم|هستیم"), (_FLOOR, "کمتر|کم تر|پایین"), (_FOR_PAY, "برای|برا|واسه|بابت"), (_CEILING_FROM, "بیشتر از"), (_CEILING_AFTER, "بیشتر"), (_RANGE_PAY, "تا|الی|-"), (_WHOLE, "کلش|همش|کل کار"), (_WHOLE_AFTER, "کلش|همش|کل کار")))
_ANY_WORDED = re.compile("|".join(words.pattern for _pattern, words in _WORDED))
# «انجام میدی؟», «کار میکنی؟» offer a fee only with a unit, «با», or a rate before the number («متری ۱۵۰ …»)
_SERVICE_VERBS = frozenset(f"{a} {b}" for a in ("انجام", "انجامش") for b in ("میدی", "میدید", "میدین", "بدی", "بدید", "بدین", "بده")) | frozenset(
    f"کار {b}" for b in ("میکنی", "میکنید", "میکنین")) | {"بزن", "بزنید", "بزنین"}  # «۹ تومن بزنید»; «۵ بزن» could be anything
_WANT = frozenset({"میخوای", "میخواین", "میخواید", "بذاری", "بزاری", "بذارید", "بزارید", "بذارین", "بزارین"})  # «۵۲۰ میخوای؟»: three digits or a unit; «۲ میخوای؟» is a count
_RATE = re.compile(r"(?:^|\s)(?:متری|ساعتی|روزی|ماهی|ماهیانه|هر متر|هر ساعت|هر روز)\s*$")
_PHONE = re.compile(r"\d{7,}")
# A sum named and proposed in a formal letter («بنده مبلغ سیصد و هشتاد میلیون تومان نقدا پیشنهاد میکنم», «… را مناسب
# میدانم»), and a range («بین ۳۸۰ تا ۴۰۰ هرچی بگی میام»: every «بین X تا Y» of a sum in the corpus is a bid; not of
# time, counts or sizes): offers without a paying verb after the number.  Quoted as written.  fresh2: a sum named
# with the formal «I pay» («حاضرم مبلغ ۳۸۰ میلیون تومان نقدا پرداخت نمایم», «… بپردازم») is proposed the same way,
# not asked («مبلغ بیعانه ۵۰ میلیون رو کی بپردازم؟»: when to pay).
_SUM = r"(?:\d{1,4}(?:[./٫]\d{1,3})?(?:م|m)?|" + _NUMBER_WORDS + r")(?![\w])(?:\s+(?:و\s+)?(?:" + _WORDS + r"|\d{1,4}|نیم|میلیارد|میلیون|ملیون|هزار|تومان|تومن)(?![\w])){0,8}"
_PROPOSED = re.compile(r"(?:^|\s)مبلغ\s+(?:متری\s+)?(?P<sum>" + _SUM + r")[^؟?!.]{0,40}?\s(?:(?:پیشنهاد|مناسب|منصفانه)\s*می\s*(?:کنم|دهم|دم|دانم|دونم|نمایم)|(?:بپردازم|بپردازیم|پرداخت\s*(?:نمایم|نماییم|می\s*کنم|می\s*کنیم))(?!\s*[؟?]))(?![\w])")
# «پیشنهاد اینجانب مبلغ ۳۸۰ میلیون تومان است», «مبلغ پیشنهادی بنده نود میلیون تومان نقد میباشد»: a formal bid named as
# the buyer's («پیشنهاد شما چنده؟» holds no sum; «پیشنهادم ۲ روز دیگه است» a time)
_PROPOSAL_IS = re.compile(
    r"(?:^|\s)(?:پیشنهاد(?:ی)?|مبلغ پیشنهادی)\s+(?:[^\s\d،,.!؟?]+[،,]?\s+){0,4}?(?:مبلغ\s+)?(?P<sum>" + _SUM + r")"
    r"(?:\s+(?:نقد|نقدی|نقدا))?\s*(?:است|هست|می ?باشد)(?![\w])"
)
_RANGE = re.compile(r"(?:^|\s)بین\s+(?P<sum>" + _SUM + r"\s+تا\s+" + _SUM + r")(?![\w])"
                    r"(?!\s*(?:تا|عدد|دونه|سال|ساعت|روز|هفته|ماه|دقیقه|صبح|ظهر|عصر|شب|کیلو|درصد|گیگ|متر|سانت|نفر|طبقه|%))"
                    r"(?!\s*(?:می ?ام|بیام|میایم|بیایم|هستم|هستیم|میرسم|میرسیم)(?![\w]))")  # «بین ۱۰ تا ۱۲ میام»: the hours
# «بین ۵ و نیم تا ۶»: single figures and a half, with no unit, are likely hours, not a bid
_SMALL_RANGE = re.compile(r"\d\s+و\s+نیم\s+تا\s+\d(?:\s+و\s+نیم)?|\d\s+تا\s+\d\s+و\s+نیم")
# «دو سه تومن تخفیف میدی؟», «یکی دو میلیون کمتر بده», «سه چهار تومن میدم»: two counts side by side, the second a little
# larger, say «a couple, a few» (a vague amount), not a figure: no offer (the label contract: negotiation). A range with
# «تا» («۸ تا ۹ تومن», «بین ۲ تا ۲ و نیم») names figures and stays an offer.
_COUNT_WORDS = {"یکی": 1, "یه": 1, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7, "هشت": 8,
                "نه": 9, "ده": 10, "دوازده": 12, "پونزده": 15, "پانزده": 15, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50}
_COUNT_BEFORE = re.compile(r"(?:^|\s)(?P<count>" + "|".join(_COUNT_WORDS) + r"|\d{1,2})\s*[-–،,]?\s*$")


def _vague_pair(cleaned: str, start: int, amount: str) -> bool:
    """Whether the figure at ``start`` is the second of a «دو سه» pair: «a couple / a few», not a sum."""
    found = _COUNT_BEFORE.search(cleaned[max(0, start - 12) : start])
    if found is None:
        return False
    first, second = found.group("count"), amount.strip()
    if first.isdigit() != second.isdigit():
        return False  # «مدل ۹۸ سیصد میدم»: a model, then a sum
    low = int(first) if first.isdigit() else _COUNT_WORDS[first]
    high = int(second) if second.isdigit() else _COUNT_WORDS.get(second)
    if high is None or (second.isdigit() and high > 30):
        return False  # «۲۰۶ ۸۵ تومن»: a model and a sum; digits pair only as small counts («۲ ۳ تومن»)
    return low < high <= 2 * low


# «۴۵ میلیون؟ چرا انقدر گرونه», «۲ تا ۳ میلیون؟ زیاده»: a sum named and called dear is the price talked of, not a bid
_DEAR = re.compile(r"(?:^|\s)(?:گرون|گرونه|گرونه|گرنه|گرونتره|زیاده|زیاد|خیلیه)(?![\w])")


_SPELLED = {"m": "میلیون", "م": "میلیون", "mil": "میلیون", "million": "میلیون", "milion": "میلیون", "b": "میلیارد", "milliard": "میلیارد",
            "t": "تومن", "ت": "تومن", "toman": "تومن", "tomen": "تومن"}  # fmt: skip


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
        """What a template reads: ``text`` is the amount and its unit with a letter or Latin unit spelled in Persian
        («530t» → «530 تومن», «۵۳۰م» → «530 میلیون», «3.2b» → «3.2 میلیارد»): the reply quotes the buyer's words."""
        head, _, rest = self.unit.partition(" ")
        unit = f"{_SPELLED.get(head, head)} {rest}".strip()
        return {"amount": self.amount, "unit": self.unit, "toman": self.toman, "text": f"{self.amount} {unit}".strip()}


def find_offer(text: str) -> Offer | None:
    """The first number offer in ``text``, or None («ساعت ۵ میام» and «۲ تا عکس» are not offers).

    A message in Latin letters only (Finglish, «2 tomn bedam miay?») is read again with its
    words in Persian when its Latin form holds no offer (``isascii`` is free: Persian skips it),
    and a message with misspelt words with those words as meant (:func:`responder.text.respelled`:
    «۵۰۰ کمطر بدی میبرم»).
    """
    found = _read_offer(text)
    if found is None:
        meant = respelled(text)
        if meant is not text:
            return _read_offer(meant)
    return found


def _read_offer(text: str) -> Offer | None:
    """:func:`find_offer` of the text as written (its Finglish read, not its misspellings)."""
    cleaned = clean(text)
    if _PHONE.search(cleaned.replace(" ", "")):
        return None  # a phone number is not an offer, and its digits would read as one
    pair = _RENT_PAIR.search(cleaned) or _DEPOSIT_NO_RENT.search(cleaned)
    if pair is not None and (_AD_SAID.match(cleaned, pair.end()) or _IN_THE_AD.search(cleaned[: pair.start()])):
        pair = None  # «رهن ۲۰۰ و اجاره ۱۰ که نوشتید هنوز همونه؟»: the ad's own figures quoted (rent terms), not a bid
    if pair is not None:
        return Offer(pair.group(0), "", None, pair.group(0))  # two figures: quoted as written
    made = _MAKE_IT.search(cleaned) if " رو " in cleaned or " را " in cleaned else None
    if made is not None and float(made.group("amount")) < float(made.group("was")):
        return Offer(made.group("amount"), made.group("unit") or "", None, made.group(0))
    bare = _BARE.fullmatch(cleaned.strip())
    if bare is not None and not re.fullmatch(r"1[34]\d\d", bare.group("amount")):  # «۱۴۰۰؟»: a model year
        return Offer(bare.group("amount"), bare.group("unit") or "", None, bare.group(0))
    whole = cleaned.strip()
    for pattern in (_ALONE, _BARE_THEN) if len(whole) < 120 else ():  # the whole message: a sum in money; a figure asked, then cash or a last word
        if (found := pattern.fullmatch(whole)) is not None and not re.fullmatch(r"1[34]\d\d", found.group("amount")):
            return _shaped(found)
    less = _LESS.search(cleaned)
    if less is not None and re.match(r"(?:یک|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه) تا ", less.group(0)):
        less = None  # «دو تا کم کن»: two pieces fewer, or a count; «بیست تا کم کنی» a sum off
    if less is not None and _vague_pair(cleaned, less.start(), re.match(r"\S+", less.group(0)).group(0)):
        less = None  # «دو سه تومن تخفیف میدی؟»: a couple of million off, no sum (negotiation)
    if less is not None and less.group("asked") and not (less.group("unit") or "").strip():
        less = None  # «۲۰ کمتر؟»: no unit, no verb; twenty of what?
    if less is not None and not _LIMIT.search(cleaned[: less.start()]):
        said = cleaned[less.start() : max(less.end(), less.end("verb"), less.end("took"), less.end("off"), less.end("closer"))]  # «۵۰۰ تومنی کمتر بده»: the verb the lookahead read
        return Offer(less.group(0), "", None, said)  # a sum off the price: quoted as written
    rests: list[int] = []

    def last_rest() -> int:  # where the last «بقیه / باقیش …» starts (once per message: many candidates stay linear)
        if not rests:
            rests.append(max((m.start() for m in _THE_REST.finditer(cleaned)), default=-1))
        return rests[0]

    for found in _OFFER.finditer(cleaned):
        amount, unit, verb = found.group("amount"), found.group("unit") or "", found.group("verb")
        tail = (found.group("tail") or "").strip()
        if unit == "تا":
            if not re.fullmatch(r"\d{2,4}", amount) and (amount.isascii() or amount in _SINGLE_WORDS):
                continue  # «۲ تا بدی؟»: two pieces
            unit = ""  # quoted as the number alone
        if amount == "یه":
            amount = "یک"
        if _vague_pair(cleaned, found.start("amount"), amount):
            continue  # «سه چهار تومن میدم»: a few million, no figure
        before = _words_before(cleaned, found.start())
        weak_verb = verb in ("میشه", "می شه", "مشه", "نمیشه", "نمی شه", "خوبه", "اوکیه", "ok", "هست", "حله", "میفروشی", "میفروشید", "میفروشین", "چطوره", "اولار", "کافیه", "ردیفه")
        if _LIMIT.search(before) and not (verb.startswith("بیشتر") and _FROM.search(before)) and not (
            unit in _MONEY and not weak_verb and not verb.startswith("نمی") and _CAP.search(before)
        ):
            continue  # «از ۳۶۰ بیشتر نمیدم» is a ceiling, an offer; «از ۲ میشه؟» is not; «زیر ۱۰ میلیارد میدید؟» is
        if weak_verb and not unit and not _BEFORE.search(before) and not (verb in _WEAK_WITH_MONEY and _weak_made_sure(amount, found, before)):
            continue  # «۲ میشه؟» could be anything; «با ۴۰ میشه؟», «۴۰ میلیون میشه؟», «۴۰۰ کامل میشه؟» are offers
        if _DOWN_PAYMENT.search(before) and last_rest() >= found.end():
            continue  # «پیش پرداخت ۵ بدم بقیش دو ماهه؟»: the down payment of a sale on terms proposed (installments), not a bid
        if (_ADVANCE.search(before[-6:]) or _ADVANCE.search(found.group("fill") or "")) and (
            last_rest() >= found.end() or _ON_TERMS.search(cleaned)
        ) and not _LEASE.search(cleaned):
            continue  # «۲۰۰ پیش میدم مابقی ماهی ۱۵»: the down payment of a sale on terms (installments), not a bid
        if verb.replace(" ", "") == "میگیرم" and "حقوق" in (found.group("fill") or ""):
            continue  # «ماهی ۱۲ تومن حقوق میگیرم»: what the buyer earns, told (fresh6), not a bid
        if verb.startswith(("باقی", "بقی")) and not _HAS.search(found.group("fill") or ""):
            continue  # «۵۵۰ دارم، باقیشو چک میدم» is what the buyer pays; «پیش‌پرداخت ۲۰۰ باشه بقیش قسط؟» asks the terms
        if verb in _WANT and not unit and not _BEFORE.search(before) and not (_HUNDREDS.fullmatch(amount) or not (amount.isascii() or amount in _SINGLE_WORDS)):
            continue  # «۵۲۰ میخوای؟», «سیصد تا بذاری» are sums; «۲ میخوای؟» a count
        if verb.startswith(_NEEDS_MONEY) and unit not in _MONEY and not _MONEY_FILL.search(found.group("fill") or "") and not _BEFORE.search(before):
            continue  # «۲۰ تومن نقد بیارم؟», «۸ میلیارد بسته میشه؟» are sums; «۲ بیارم؟», «۵ بسته میشه؟» could be anything
        if verb in _NEEDS_FIGURE and not unit and not (_HUNDREDS.fullmatch(amount) or not (amount.isascii() or amount in _SINGLE_WORDS)):
            continue  # «۴۵۰ کارت به کارت», «۳۰۰ رهن کامل میکنید؟» are sums; «۲ کارت به کارت» is not sure
        if unit not in _MONEY and _SWAP_AFTER.match(cleaned, found.end()):
            continue  # «هوندا ۱۲۵ بدم پول وسطش رو نقد بدم؟»: the item given in a swap (a model), the money between
        if _MONTHLY.search(before) and _INSTALMENT.search(cleaned):
            continue  # «قسطی ماهی یه تومن میشه؟», «قسطی میدی؟ ماهی دو میلیون میتونم بدم»: the instalment, not a bid
        if _HOW_MUCH_AFTER.match(cleaned, found.end()):
            continue  # «رهن ۵۰۰ بدم اجاره‌ش چقدر میشه؟»: a condition for a question about another figure, not an offer
        if verb in _SERVICE_VERBS and not unit and not _BEFORE.search(before) and not _RATE.search(before):
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
            if pattern is _CEILING_AFTER and _SEARCHING.search(cleaned):
                continue  # «پول پیشمون کلا صد تومنه، بیشتر نداریم، دنبال یه چیز کوچیکیم»: a budget told for the search (none)
            if pattern is _RANGE_PAY and float(found.group("low")) >= float(found.group("high").replace("/", ".").replace("٫", ".")):
                continue  # «۲۰ تا ۱۰ …»: not a range of sums
            return Offer(found.group("amount"), (found.group("unit") or "").strip(), None, found.group(0).strip(" ،,.!؟?"))
    for pattern, word in ((_PROPOSED, "مبلغ"), (_PROPOSAL_IS, "پیشنهاد"), (_RANGE, "بین")):
        if word in cleaned and (found := pattern.search(cleaned)) is not None and not _SMALL_RANGE.fullmatch(found.group("sum")):
            return Offer(found.group("sum"), "", None, found.group(0).strip())
    # The verb-less shapes, after the verbs («…، آخرش همینه» is the offer's), each tried only when its word is there:
    # a compound figure in words with hundreds opening the message, a sum plus an item
    if (found := _WORDS_OPEN.match(whole)) is not None and _HUNDREDS_IN.search(found.group(0)):
        return _shaped(found)
    if (found := _WORDS_ALONE.fullmatch(whole)) is not None and not re.fullmatch(r"1[34]\d\d", found.group("sum") or ""):
        return Offer(found.group("amount") or found.group("sum"), found.group("sumunit") or "", None, whole.strip(" .!؟?"))
    if (found := _OPEN_SUM.match(whole)) is not None and not _DEAR.search(cleaned):
        return _shaped(found)
    if ("+" in cleaned or "علاوه" in cleaned) and (found := _PLUS.match(whole)) is not None:
        return _shaped(found)
    for pattern, word in ((_RANGE_MONEY, "تا"), (_SUM_DO, "کنی"), (_SUM_DO, "زنی")):  # «… تا …», «… میکنی؟»
        if word in cleaned and (found := pattern.search(cleaned)) is not None and not _DEAR.search(cleaned):
            return _shaped(found)
    if "کامل" in cleaned and (found := _FULL_DEPOSIT.search(cleaned)) is not None:
        amount = found.group("a1") or found.group("a2")
        return Offer(amount, "", None, found.group(0).strip(" ،,.!؟?"))
    asked = _SUM_ASKED.search(cleaned)
    if asked is not None and not _DEAR.search(cleaned):
        return Offer(asked.group("amount"), asked.group("unit"), None, asked.group(0).strip(" ،,.!؟?"))
    if cleaned.isascii():  # Finglish: its words in Persian (a Persian message never gets here: not ASCII)
        read = _FINGLISH_UNITS.sub(lambda unit: _UNIT_WORDS[unit.group(1)], read_finglish(cleaned))
        if read != cleaned:
            return _read_offer(read)
    return None


def _shaped(found: re.Match[str]) -> Offer:
    """An offer read by a shape with no verb: the amount as written, its unit and what follows it quoted whole; a
    figure in toman only for a plain scale word or letter («۵۳۰م», «3.2b»: 530 million, 3.2 billion)."""
    amount, unit, tail = found.group("amount"), (found.group("unit") or "").strip(), (found.groupdict().get("tail") or "").strip()
    if amount == "یه":
        amount = "یک"
    if re.fullmatch(r"(?:م|m|b)\s*(?:تومن|تومان)", unit):
        unit = unit[0]  # «3.5m تومن»: the scale letter says it (spelled out in the reply's text)
    scale = _UNITS.get(unit) if re.fullmatch(r"(?:میلیارد|میلیون|ملیون|م|m|b)(?:\s*(?:تومن|تومان))?", unit) else None
    figure = read_figure(amount)
    toman = int(figure * scale) if figure is not None and scale is not None and not tail else None
    return Offer(amount, f"{unit} {tail}".strip(), toman, found.group(0).strip(" ،,.!؟?"))


# «bist o haft midam»: a unit after «و» in a Finglish number in words (the lexicon leaves «haft», «panj» alone: not
# every Latin «se» or «do» is a number; after «بیست و» it is)
_UNIT_WORDS = {"yek": "یک", "do": "دو", "se": "سه", "chahar": "چهار", "char": "چهار", "panj": "پنج", "shish": "شش", "shesh": "شش",
               "haft": "هفت", "hasht": "هشت", "noh": "نه"}  # fmt: skip
_FINGLISH_UNITS = re.compile(r"(?<=و )(" + "|".join(_UNIT_WORDS) + r")(?![\w])")


def offers_said(text: str, first: Offer) -> list[str]:
    """The words of each number offer in ``text`` in turn, ``first`` (its first) included: a buyer may name
    two figures («۴۵۰ میدم، ۴۶۰ هم آخرشه»: his bid, then his ceiling), and a word of the second («آخرشه»)
    is his number too, not a request for the seller's last price.  At most four; a Finglish offer (its
    words read in Persian, not found in the text) ends the list."""
    cleaned, said, start = clean(text), [], 0
    offer: Offer | None = first
    while offer is not None and len(said) < 4:
        said.append(offer.said)
        at = cleaned.find(offer.said, start)
        if at < 0:
            break
        start = at + len(offer.said)
        offer = find_offer(cleaned[start:])
    return said


# fresh6: the asked figure made into the buyer's («۱۸ رو ۱۶ کنید قرارداد میبندیم», «۴۵۰ رو ۴۲۰ کن»): a lower figure asked for
_MAKE_IT = re.compile(
    r"(?<![\w/:.,])(?P<was>\d{1,4}(?:[./]\d{1,3})?)\s+(?:رو|را)\s+(?P<amount>\d{1,4}(?:[./]\d{1,3})?)\s*(?P<unit>میلیارد|میلیون|ملیون|تومن|تومان)?"
    r"\s+(?:کن|کنید|کنین|بکن|بکنید|بکنین|کنی|بکنی|می ?کنی|می ?کنید|می ?کنین)(?![\w])"
)
# fresh6: figures the seller wrote, quoted back («… که نوشتید», «تو آگهی نوشتید رهن ۲۰۰ …»)
_AD_SAID = re.compile(r"\s*(?:که\s+|كه\s+)?(?:(?:تو|توی|در)\s+(?:آگهی|اگهی)\S*\s+)?(?:نوشتید|نوشتین|نوشتی|نوشته|نوشتن|زدید|زدین|زدی|زده|گذاشتید|گذاشتین|گذاشتی)(?![\w])")
_IN_THE_AD = re.compile(r"(?:(?:تو|توی|در)\s+(?:آگهی|اگهی)\S*|(?:نوشتید|نوشتین|نوشتی|نوشته|زدید|زدین|زدی))\s*[:،,]?\s*$")
# the money between two items; wrongs13: «the rest in cash» after the figure («موتور هوندا ۱۲۵ دارم، بزنم روش باقیشو نقد بدم؟»,
# «۲۰۶ منو ۳۸۰ حساب میکنی بقیه‌شو نقد بدم؟»): the figure is the buyer's own thing or its worth in a swap (every corpus line
# with a figure and the rest in cash is `swap`; «۳۲۰ نقد بقیه چک» pays cash first, the rest on terms: an offer, not this)
_SWAP_AFTER = re.compile(r"[^؟?]{0,200}?(?:^|\s)(?:پول\s+وسط\S*|وسط(?:ش|ی|شو|شم|شرو)|"
                         r"(?:بقیه|بقیش|بقیشو|بقیهش|بقیهشو|بقیه\s?اش|بقیه\s?شو|مابقی|مابقیش|باقیش|باقیشو)\s+(?:رو\s+|را\s+)?(?:نقد|نقدی|نقدا))(?![\w])")
_MONTHLY = re.compile(r"(?:^|\s)(?:ماهی|ماهیانه|ماهانه|هر ماه)\s*$")
_INSTALMENT = re.compile(r"قسط|اقساط|ghest|aghsat")
_HOW_MUCH_AFTER = re.compile(r"[^،,.!؟?]{0,200}?(?:^|\s)(?:چقدر|چقد|چنده|چند میشه|چند میدی|چند میدید)(?![\w])")  # the rest of the offer's clause asks a figure
# Verbs that make an offer only after a sum in money (a unit, «نقد», «با …»): «بیارم» brings anything, «بسته» is also a parcel
_NEEDS_MONEY = ("بیارم", "میارم", "بیاریم", "میاریم", "میارمش", "بسته", "دادم", "جمع", "بزنم", "بکنی", "میشمارم")
# … or after a figure of three digits, in words, or with a unit: «۴۵۰ کارت به کارت», «۳۰۰ رهن کامل میکنید؟»
_NEEDS_FIGURE = frozenset({"کارت به کارت", "میکنی", "می کنی", "میکنید", "می کنید", "میکنین", "می کنین", "نمیدی", "نمیدین", "نمیدید", "دمه"})
_WEAK_WITH_MONEY = frozenset({"میشه", "می شه", "مشه", "نمیشه", "نمی شه", "اوکیه", "حله", "خوبه", "چطوره", "اولار", "کافیه", "ردیفه"})
_HALF = re.compile(r"\S[./٫]5$|و نیم$")
_ROUND = re.compile(r"\d\d0")
_OPENS = re.compile(r"(?:^|[،,.!؟?])\s*$")
_HAS = re.compile(r"(?:^|[\s،,])(?:دارم|دستمه)(?![\w])")
_HUNDREDS = re.compile(r"\d{3,4}")


def _words_before(cleaned: str, start: int, size: int = 80) -> str:
    """The words before a candidate, up to ``size`` characters, cut at a word's start: every test on them looks at the
    last word or two («ساعت ۵», «با ۴۰»), and a message with thousands of numbers stays linear."""
    if start <= size:
        return cleaned[:start]
    window = cleaned[start - size : start]
    space = window.find(" ")
    return window[space + 1 :] if 0 <= space < len(window) - 1 else window


def _weak_made_sure(amount: str, found: re.Match[str], before: str) -> bool:
    """A weak verb («میشه؟», «خوبه؟») after a bare number still makes an offer: after money words
    («۴۰۰ کامل میشه؟», «پول پیش ۲۰۰ دارم میشه؟»), a half («چهارده و نیم میشه؟», «18.5 میشه؟»: a sum, not a
    count), or a round three-digit figure opening a clause («تخفیف بدی میام میبرم، ۸۰۰ خوبه؟»; not a model, a size
    or a year: «۲۰۶ خوبه؟», «۱۲۸ خوبه؟», «۱۴۰۰ خوبه؟»)."""
    return (
        _MONEY_FILL.search(found.group("fill") or "") is not None
        or _HALF.search(amount) is not None
        or (" و " in amount and not amount[0].isdigit())  # «بیست و هشت نمیشه؟»: a compound in words is a sum
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
