"""Finglish → Persian: buyers' Persian typed in Latin letters, read as the Persian words they stand for.

Buyers often write Persian with a Latin keyboard («salam gheymatesh chande?», «hanooz mojude?»,
«ba 206 avaz mikoni?»). :func:`responder.text.fold` passes each Latin word of a message through
:class:`Transliterator`, so the keyword rules and the agreement gate (fitted on folded text)
read «gheymatesh» as «قیمتش», the word they already know, whatever its spelling.

How a word is read:

* :func:`key` spells it the one way Finglish spellings agree on: kh → x, gh/q → q, sh → $,
  ch → c, zh → Z, w → v, ck → k, ee (between consonants)/i → i, oo/ou/u/o → o, ey/ei → i, a final «eh» → e, a final «y» after a consonant → i,
  and a letter repeated for emphasis counts once («salaaam», «gheymaaat»). So «gheymat»,
  «gheimat», «ghimat», «qeymat», «qimat» are one key, as are «hanooz», «hanuz», «hanoz».
* The key is looked up in the lexicon below: whole words (function words, greetings,
  common verb forms, generated as prefix + present stem + person ending: «mikoni», «nemidi»,
  «bedin», «mitoonam»), then a noun or adjective stem with up to two suffixes: possessive
  «-esh/-et/-am/-eton/-eshon», copula «-e», «-ie», plural «-ha/-a», object «-o/-ro»,
  «-i», «-tar/-tarin», «-st» («gheymatesh» → «قیمتش», «aksasho» → «عکساشو», «kojast» → «کجاست»).
* A word the lexicon does not know stays as it is: brand and model names («iphone»,
  «samsung», «a54», «pride», «206»), English words («ok», «health»), and Finglish outside
  the lexicon. Nothing is guessed letter by letter: a wrong Persian word would be worse
  than a Latin one the rules (which still hold their own Finglish keywords) may know.

Scope of the lexicon: the words buyers use to ask the starter intents on Divar — greeting,
thanks, price and negotiation (price, how much, last, final, discount, cash, instalments,
cheque, loan), availability, location and delivery (address, where, post, send), swap,
photos, contact and visit, condition and documents (accident, paint, insurance, deed,
papers, registry, box, warranty), specs (mileage, model, year, battery, metres, floor,
lift, parking, storage), rent terms (rent, deposit, mortgage), jobs (salary, wage, fee,
hiring, experience, hours) — and the small words around them (pronouns, «ba», «az»,
«ham», «age», «hast», «dare», «mishe» …). English words that are also common Finglish
(«in», «to», «age», «man») are read as Persian: buyers on Divar rarely write English.

This module is pure: no I/O, no engine imports; :mod:`responder.text` builds the one
:class:`Transliterator` with its own Persian folding, so the Persian written here may use
any spelling fold accepts («آ», ZWNJ, doubled letters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from responder.kept import kept_reading

# -- spelling key ---------------------------------------------------------------------------------

_DIGRAPHS = (("ck", "k"), ("kh", "x"), ("gh", "q"), ("sh", "$"), ("ch", "c"), ("zh", "Z"), ("ph", "f"), ("w", "v"))
# between consonants only: not at a word's end («paree», «free») nor after a vowel («paeen», «kojaeen»), read as before
_LONG_E = re.compile("(?<=[^aeiou])e{2,}(?=[^aeiou])")
_VOWELS = (("ey", "i"), ("ei", "i"), ("ou", "o"), ("oo", "o"), ("u", "o"))


def key(word: str) -> str:
    """The spelling key of a lower-case Latin word (see the module docstring)."""
    if len(word) > 2 and word.endswith("eh"):
        word = word[:-1]
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiouy":
        word = word[:-1] + "i"  # fresh11: «ghesty», «mobly»: a final «y» after a consonant is «i»
    if "ee" in word:
        word = _LONG_E.sub("i", word)  # fresh11: «takhfeef», «meeze»: a doubled «e» between consonants is «i», not emphasis
    for old, new in _DIGRAPHS:
        if old in word:
            word = word.replace(old, new)
    out = []
    for char in word:  # emphasis: a letter repeated counts once (before the vowel digraphs: «saaalam»)
        if not out or out[-1] != char:
            out.append(char)
    word = "".join(out)
    for old, new in _VOWELS:
        if old in word:
            word = word.replace(old, new)
    out = []
    for char in word:  # «ooo» → «oo» → «o»
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


# -- lexicon ----------------------------------------------------------------------------------------

# Persian word → Finglish spellings (any that spell a different key; variants with the same key
# are redundant but harmless). STEMS take the suffixes below; WORDS are read only whole.
STEMS: dict[str, str] = {
    # price, negotiation, payment
    "قیمت": "gheymat ghimat gheimat qeymat qimat ghymat",
    "چند": "chand",
    "چن": "chan",
    "چقدر": "cheghadr cheghad cheqadr chghadr",
    "تومن": "toman tomn tomen tomani",
    "میلیون": "milion million milyon melyon",
    "میل": "mil",
    "ماه": "mah",
    "ماهانه": "mahane mahiane mahiyane",
    "میلیارد": "milyard miliard milliard melyard",
    "هزار": "hezar",
    "تخفیف": "takhfif",
    # prices that are not the item's (the price rule excludes «قیمت طلا», «دلار» …): read, so the exclusion applies
    "طلا": "tala",
    "سکه": "sekke",
    "دلار": "dolar dollar",
    "بنزین": "benzin",
    "اخر": "akhar",
    "اخرین": "akharin",
    "نهایی": "nahayi nahaei nahaii nahai",
    "مذاکره": "mozakere mozakereh",
    "قابل": "ghabel",
    "کم": "kam",
    "کمتر": "kamtar",
    "بیشتر": "bishtar",
    "نقد": "naghd",
    "نقدی": "naghdi",
    # tens and hundreds in an offer («hashtsad midam», «sisad o hashtad bedi»); fresh11: units no English word spells
    # («panj o nim midam»; not «do», «se», «noh», «dah»)
    "چهار": "chahar chehar",
    "پنج": "panj",
    "شش": "shish shesh",
    "هفت": "haft",
    "هشت": "hasht",
    "بیست": "bist",
    "چهل": "chehel chehl",
    "پنجاه": "panjah panja",
    "شصت": "shast",
    "هفتاد": "haftad",
    "هشتاد": "hashtad",
    "نود": "navad",
    "دویست": "devist divist dvist",
    "سیصد": "sisad",
    "چهارصد": "chaharsad",
    "پانصد": "pansad ponsad punsad",
    "ششصد": "sheshsad shishsad",
    "هفتصد": "haftsad",
    "هشتصد": "hashtsad",
    "نهصد": "nohsad",
    "انجام": "anjam",  # «metri 120 anjam midin?»
    "پیشنهاد": "pishnahad pishnehad",  # «ghimate pishnahadim 440e»: «پیشنهادیم»
    "قسط": "ghest",
    "قسطی": "ghesti",
    "اقساط": "aghsat",
    "اقساطی": "aghsati",
    "پیش": "pish",
    "پرداخت": "pardakht",
    "چک": "check chek",
    "وام": "vam",
    "پول": "pool",
    "درصد": "darsad",
    "عوض": "avaz",
    "معاوضه": "moaveze moavaze moavze maavaze maaveze",  # «ma3avaze»: the «3» (ع) dropped
    "تبدیل": "tabdil",
    # availability
    "هنوز": "hanooz hanuz hanoz hanu hano",
    "ارزون": "arzoon arzun",  # vocab4: «arzoontar» (cheaper) through «-tar»
    "پایین": "paeen payin",  # vocab4: «paeen tar biya»
    "وانت": "vanet vaanet",  # vocab4: «vanet dari?» (a pickup to carry it)
    "موجود": "mojood mojud movjood",
    "فروش": "forush foroush",
    "فروشی": "forushi",
    "فروخته": "forokhte forookhte",
    # photos, location, delivery, contact, visit
    "عکس": "aks axs pic photo",
    "فیلم": "film",
    "ادرس": "adres address adress",
    "کجا": "koja",
    "محل": "mahal",
    "محله": "mahale",
    "منطقه": "mantaghe",
    "شهر": "shahr",
    "شهرستان": "shahrestan",
    "نزدیک": "nazdik",
    "ارسال": "ersal",
    "پست": "post",
    "پیشتاز": "pishtaz",
    "تیپاکس": "tipax tipaks",
    "پیک": "peyk paik",
    "باربری": "barbari",
    "بازدید": "bazdid",
    "تماس": "tamas",
    "شماره": "shomare",
    "زنگ": "zang",
    "ویدیو": "video vidio vid",
    "تصویر": "tasvir",
    "واتساپ": "whatsapp vatsap vatsapp",
    "تلگرام": "telegram",
    "قرار": "gharar",
    "قرارداد": "gharardad",
    "صیادی": "sayadi",
    # condition, documents
    "سالم": "salem",
    "اکبند": "akband",
    "لک": "lak",
    "ضربه": "zarbe",
    "ترک": "tarak",
    "عیب": "eyb ayb",
    "بدون": "bedoon bedone",
    "صدا": "seda",
    "اضافه": "ezafe",
    "درد": "dard",
    "تصادف": "tasadof",
    "تصادفی": "tasadofi",
    "رنگ": "rang rangh",  # «ranghe?»: g + h, not «gh»
    "رنگی": "rangi",
    "خط": "khat",
    "خش": "khash",
    "بیمه": "bime beeme",  # vocab4: «beemash» (key «bemash»: the doubled «e» counts once)
    "سند": "sanad",
    "مدارک": "madarek",
    "مدرک": "madrak",
    "کارت": "kart",
    "پلاک": "pelak",
    "خراب": "kharab",
    "تعمیر": "tamir taamir",
    # vocab4: frost in a fridge, a wobble, a renovation («barfak mizane?», «payehash lagh nist?», «bazsazi shode?»)
    "برفک": "barfak",
    "لق": "lagh",
    "بازسازی": "bazsazi",
    "تعویض": "taviz",
    "سابقه": "sabeghe",
    "شیفت": "shift",
    "شرایط": "sharayet sherayet",
    "درامد": "daramad",
    "پورسانت": "poorsant porsant",
    "رجیستر": "register rejister",
    "رجیستری": "registeri rejisteri registery rejistery",
    "گارانتی": "garanti guaranty",
    "جعبه": "jabe jaabe",
    "فاکتور": "faktor factor",
    "کارتن": "karton",
    "اصل": "asl",
    # specs
    "کارکرد": "karkard",
    "کیلومتر": "kilometr kilometer kilometre kilomet",
    "موتور": "motor",
    "گیربکس": "girbox gearbox",
    "لاستیک": "lastik",
    "شاسی": "shasi",
    "معاینه": "moayene moayeneh",
    "فنی": "fanni fani",
    "قبول": "ghabool ghabul",
    "خلافی": "khalafi",
    "ضمانت": "zemanat zamanat",
    "جنس": "jens",
    "نفر": "nafar",
    "اتاق": "otagh otaq",
    "سلامت": "salamat",
    "سفید": "sefid",
    "مشکی": "meshki",
    "مدل": "model",
    "سال": "sal",
    "باتری": "batri bateri battery batry battry",  # finglish4: «batry health chande?»
    "حافظه": "hafeze",
    "گیگ": "gig",
    "متراژ": "metraj metrazh",
    "متر": "metr metre meter",
    "متری": "metri",
    "طبقه": "tabaghe",
    "اسانسور": "asansor",
    "پارکینگ": "parking",
    "انباری": "anbari",
    "خواب": "khab",
    "نوساز": "nosaz",
    "استخر": "estakhr",
    "تخلیه": "takhliye takhliyeh takhlie",  # recall6: «key takhlie mishe?»
    "واگذار": "vagozar vaghozar",  # recall7: «hanooz vagozar nashode?» (handed over yet: flat-vacant's «واگذار»)
    # rent terms, flats
    "اجاره": "ejare ajare ejara",
    "رهن": "rahn",
    "ودیعه": "vadie vadiye",
    "قولنامه": "gholname",
    "تکبرگ": "takbarge takbarg",
    "خونه": "khoone khune",
    "خانه": "khane",
    "اپارتمان": "aparteman apartman",
    "واحد": "vahed",
    "مجرد": "mojarad",
    # jobs and services
    "حقوق": "hoghoogh hoghogh hoqoq hughugh hoghoog",
    "دستمزد": "dastmozd",
    "مزد": "mozd",
    "اجرت": "ojrat",
    "هزینه": "hazine",
    "استخدام": "estekhdam",
    "نیرو": "niroo",
    "تجربه": "tajrobe",
    "مصاحبه": "mosahebe",
    "تدریس": "tadris",
    "نمونه": "nemoone",
    "کار": "kar",
    "کاری": "kari",
    "ساعت": "saat",
    "ساعتی": "saati",
    "وقت": "vaght",
    "پاره": "pare",  # fresh11: «pareh vaght» (part-time: a job question)
    "ناهار": "nahar nahar",
    "باز": "baz",  # «estekhdam hanooz bazeh?»: still open
    # goods and people
    "ماشین": "mashin",
    "گوشی": "gooshi",
    "یخچال": "yakhchal",
    "مبل": "mobl",
    "میز": "miz",
    "فرش": "farsh",
    "کابینت": "kabinet",
    "شونه": "shoone",  # a carpet's density («farshe chand shoone?»)
    "تمیز": "tamiz",
    "مصرف": "masraf",
    "لپتاپ": "laptop labtop",
    "دست": "dast",
    "اقا": "agha",
    "اقای": "aghaye",
    "خانم": "khanom",
    "داداش": "dadash",
    "برادر": "baradar",
    "استاد": "ostad",
    "مهندس": "mohandes",
    "تهران": "tehran",
    # a few words that take suffixes as buyers write them
    "همین": "hamin",
    "چی": "chi",
    "کدوم": "kodom",
    "خوب": "khoob",
    "کامل": "kamel",
    "زیاد": "ziad ziyad zyad",
    "اول": "aval avval",
    "پایان": "payan",
    "جواب": "javab",
    "کسی": "kasi",
    "نوع": "noe",
    "کل": "kol",
    "خالی": "khali",
    "دستی": "dasti",
    "اتومات": "automat otomat",
    # specs and state words buyers type in Latin («ertefaesh chande?», «balkon dare?», «garmayesh chie?
    # pakije?», «ro be shomale?», «seraydar dare?», «ashpazkhoone opene?», «kooleresh kar mikone?», «sharjer asli dare?»)
    "ارتفاع": "ertefa ertefaa",
    "بالکن": "balkon balcon balkoon",
    "گرمایش": "garmayesh garmaiesh",
    "پکیج": "pakij pakej pakage pakaje packaj",
    "شمال": "shomal",
    "جنوب": "jonub jonob",
    "سرایدار": "seraydar serayedar",
    "اشپزخونه": "ashpazkhoone ashpazkhune ashpazkhone",
    "اشپزخانه": "ashpazkhane",
    "اوپن": "open",
    "کولر": "kooler koler cooler",
    "شارژر": "sharjer sharzher charger",
    "اصلی": "asli",
    "خیابون": "khiaboon khiyaboon khiabun khiyabun",
    "خیابان": "khiaban khiyaban",
    "کوچه": "koche kooche",
    "نشانی": "neshani",
    "دقیق": "daghigh dagigh",
    # «khat khordegi dare?», «ab khordegi nadare?», «saate kar az sob chand shoroo mishe?»
    "خوردگی": "khordegi",
    "شروع": "shoroo shoru",
    # finglish2: words of train35's young buyers and traders (and any buyer's), each a plain Persian word
    "خود": "khod",  # «khodam», «khodet», «khodemoon» (the possessive suffixes)
    "بابت": "babat",
    "خرید": "kharid",
    "دانشگاه": "daneshgah",
    "اگهی": "agahi agahie",
    "بقیه": "baghie baghiye",
    "کاناپه": "kanape",
    "صفحه": "safhe",
    "صندلی": "sandali",
    "سوال": "soal soaal",
    "بابا": "baba",
    "مامان": "maman",
    "جلسه": "jalase",
    "اعتبار": "etebar",
    "هفته": "hafte",
    "پشت": "posht",
    "روشن": "roshan",
    "داخل": "dakhel",
    "تموم": "tamoom tamum",
    "دنده": "dande",
    "خبر": "khabar",
    "عزیز": "aziz",
    "نقاشی": "naghashi",
    "همه": "hame",
    "خوشگل": "khoshgel",
    "کلاس": "kelas kelaas",
    "نصب": "nasb",
    "بازار": "bazar",
    "اینستا": "insta",
    "گرون": "geroon gerun geron",
    "شهرک": "shahrak",
    "کوچیک": "kochik koochik",
    "تازه": "taze",
    "شرکت": "sherkat shirkat",
    "پارچه": "parche",
    "خوابگاه": "khabgah",
    "برگه": "barge",
    "چوب": "choob chub",
    "بهتر": "behtar",
    "نظر": "nazar",
    "ساختمان": "sakhteman",
    "ساختمون": "sakhtemoon",
    "حرف": "harf",
    "پاسخ": "pasokh",
    "حساب": "hesab",
    "استفاده": "estefade",
    "درس": "dars",
    "برق": "bargh",
    "وکالتی": "vekalati",
    "کمد": "komod",
    "مشتری": "moshtari",
    "مستاجر": "mostajer",
    "همسایه": "hamsaye",
    "گواهینامه": "govahiname",
    "وسایل": "vasayel",
    "نوبت": "noobat nobat",
    "پوشش": "pooshesh",
    "تعمیرگاه": "tamirgah",
    "تعمیرکار": "tamirkar",
    "کارشناس": "karshenas",
    "کارشناسی": "karshenasi",
    "مرخصی": "morakhasi",
    "قدیمی": "ghadimi",
    "لوله": "lole",
    "کشی": "keshi",
    "دیوار": "divar",
    "کاربری": "karbari",
    "اداری": "edari",
    "تجاری": "tejari",
    "شارژ": "sharj sharzh",
    "دختر": "dokhtar",
    "پسر": "pesar",
    "همسر": "hamsar",
    "مشورت": "mashverat",
    "ظرفیت": "zarfiyat zarfiat",
    "کیلو": "kilo",
    "دفترچه": "daftarche",
    "راهنما": "rahnama",
    "حمل": "haml",
    "ضامن": "zamen",
    "کاتالوگ": "katalog catalog",
    "مغازه": "maghaze",
    "سرویس": "servis",
    "رنگ کاری": "rangkari",
    "ماهی": "mahi",  # «mahi 12»: monthly
    "قبلی": "ghabli",
    "سفارش": "sefaresh",
    "خونگی": "khoonegi",
    "واقعی": "vaghei vagheii",
    "بار": "bar",
    "نو": "now",
    "پیج": "pij",
    "سایز": "size saiz",
    "لوکیشن": "location lokeyshen",
    "لینک": "link",
    # finglish4: plain words of the CV's missed Finglish lines, each with one Persian sense («andaze-sh chande?», «toolesh
    # chand santie?», «hanooz kargar mikhayn?», «az ye ja dige», «eshkal nadare?», «chand daghighe piade rahe?»,
    # «cheraghesh LED e?», «tahator ba 206?», «zang zadegi nadare?», «jahiziye ast», «donbale niroo hastid?»)
    "اندازه": "andaze andazeh",
    "طول": "tool tul",
    "سانتی": "santi",
    "کارگر": "kargar",
    "جا": "ja",
    "اشکال": "eshkal",
    "راه": "rah",
    "پیاده": "piade piyade",
    "چراغ": "cheragh",
    "تهاتر": "tahator",
    "زدگی": "zadegi",
    "جهیزیه": "jahiziye jahizie",
    "دنبال": "donbal dombal",
    "امکان": "emkan",
}

WORDS: dict[str, str] = {
    # greetings, thanks
    "سلام": "salam slm slam",  # fresh11: «slam» (a dropped vowel)
    "درود": "dorood",
    "خسته": "khaste",
    "نباشید": "nabashid nabashin",
    "نباشی": "nabashi",
    "بخیر": "bekheir bekhair",
    "وقتتون": "vaghtetoon vaghtetun",
    "وقتت": "vaghtet",
    "خداحافظ": "khodahafez",
    "مرسی": "mersi merci mrc mrsi thanks thank thanx tnx thx tnks",
    "ممنون": "mamnoon mamnon",
    "ممنونم": "mamnoonam",
    "متشکرم": "moteshakeram",
    "تشکر": "tashakor",
    "لطفا": "lotfan plz pls please",
    "لطف": "lotf",
    # small words
    "این": "in",
    "اینو": "ino",
    "اینا": "ina",
    "اینم": "inam",
    "اینه": "ine",
    "با": "ba",
    "به": "be",
    "از": "az",
    "در": "dar",
    "و": "o va",
    "یا": "ya",
    "رو": "ro ra",
    "که": "ke",
    "هم": "ham",
    "اگه": "age",
    "اگر": "agar",
    "برای": "baraye",  # recall6: «2 milion baraye kol kar midam» (what a sum is for, as in Persian offers)
    "برا": "bara",
    "یه": "ye",
    "یک": "yek",
    "تا": "ta",
    "چه": "che",
    "چرا": "chera",
    "چطور": "chetor",
    "چطوره": "chetore",
    "کی": "key ki",
    "من": "man",
    "تو": "to",
    "شما": "shoma",
    "ما": "ma",
    "دیگه": "dige",
    "فقط": "faghat",
    "الان": "alan",
    "فعلا": "felan",
    "امروز": "emrooz",
    "فردا": "farda",
    "صبح": "sobh sob",
    "روز": "rooz",
    "سپاس": "sepas",
    "نقدا": "naghdan",
    "دقیقا": "daghighan daghighen",
    "است": "ast",
    "پایان": "payane",  # «payane kar»: the ezafe, not «پایانه» (a terminal)
    "قابل": "ghabele",  # «ghabele ersal»: the ezafe, not «قابله»
    "گرفته": "gerefte",
    "خورده": "khorde",
    "شب": "shab",
    "بعد": "bad",
    "بعدش": "badesh",
    "خیلی": "kheili khaili kheyli",
    "بله": "bale",
    "اره": "are",
    "نه": "na",
    "باید": "bayad",
    "لازم": "lazem",
    "حضوری": "hozoori",
    "شمارت": "shomarat",
    "شماست": "shomast",
    "کجایی": "kojaei kojayi kojai kojaee",  # «kojaee»: «ee» counts once (key «kojae»)
    "کجایید": "kojayid kojaid kojain kojayin kojaeen",  # «kojaeen»: key «kojaen» (the «ee» counts once)
    "می": "mi",  # a detached verb prefix, glued to its verb by fold as the Persian one is
    "نمی": "nemi",
    # be, have, become
    "هست": "hast has",
    "هستش": "hastesh",
    "هستی": "hasti",
    "هستید": "hastid",
    "هستین": "hastin",
    "هستم": "hastam",
    "هستن": "hastan",  # vocab4: «mobl ha hanooz hastan?» (still there, plural)
    "هستند": "hastand",
    "نیست": "nist",
    "نیستش": "nistesh",
    "شده": "shode",
    "شد": "shod",
    "کرده": "karde",
    "کردی": "kardi",
    "نکرده": "nakarde",
    "ندادی": "nadadi",
    "ندادید": "nadadid",
    "ندادین": "nadadin",
    "باشه": "bashe",
    "نکنه": "nakone",
    "نم": "nam",  # damp; whole only: «name» (a letter, «اجاره name») is no «نمه»
    # not sold yet, and «did» of «kei mishe did?» (when can it be seen)
    "نرفته": "narafte nareft",
    # recall6: the past simple of «sold / gone» («hanuz forush naraft?», «forokhti ya na?»)
    "نرفت": "naraft",
    "فروختی": "forokhti forookhti",
    "فروختید": "forokhtid forookhtid",
    "فروختین": "forokhtin forookhtin",
    "رفته": "rafte",
    "دید": "did",
    # «mashin kojas? pardis?»: «کجاس», the clipped «کجاست»
    "کجاس": "kojas",
    # English words of buyers who mix languages («deposit و rent رو بگید», «salary رو net حساب میکنید؟», «warranty هنوز
    # active هست؟ invoice دارید؟», «box و charger original داره؟», «Hi, آپارتمان furnished هست؟»): read as the Persian word
    # the rules and the gate know. Whole words only, and none a rule keyword with another sense («available» stays: the
    # availability rule's own keyword, where «موجود» is a weak word)
    "قیمت": "price",
    "قابل مذاکره": "negotiable",
    "ودیعه": "deposit",
    "اجاره": "rent",
    "گارانتی": "warranty",
    "فاکتور": "invoice",
    "اورجینال": "original",
    "حافظه": "storage",
    "حقوق": "salary",
    "مصاحبه": "interview",
    "رزومه": "resume",
    "بیمه": "insurance",
    "قرارداد": "contract",
    "مبله": "furnished",
    "اسکرینشات": "screenshot",
    # a fridge's size in feet; whole words only: as a stem, «photo» (key «foto») would read «فوت» + «و»
    "فوت": "foot",
    "فوته": "foote",
    # vocab3: more English words beside Persian («can you deliver to Tehran?», «is there an elevator?», «scratch nadare ke?»,
    # «hi، remote هست؟»); whole words only
    "ارسال": "deliver delivery shipping",
    "آسانسور": "elevator",
    "خش": "scratch scratches",
    "دورکاری": "remote",
    "ابعاد": "dims dimensions",
    # vocab4: «come» with a glide written in («biyayd bebinid», «khoone ma vanak ast, miyayd?»): the verb table spells
    # «biayd» / «miayd» only
    "بیاید": "biyayd biyaid",
    "بیاین": "biyain biyayn biaeen",  # «biaeen paeen»: come down (the price)
    "میاید": "miyayd miyaid",
    "میاین": "miyain miyayn",
    # vocab4: haggling in Finglish («arzoontar nemishe?», «jaye choone dare?», «maghtue?», «ye kam paeen tar biya»)
    "چونه": "chune choone",
    "مقطوع": "maghtu maghtoo",
    "مقطوعه": "maghtue maghtooe",
    # vocab4: «che mantaghei hastin?» (key «mantaqi»: the stem's «-e» and «-i» together are no suffix the stems read)
    "منطقه ای": "mantaghei",
    "جای": "jaye jaie",  # finglish4: «jaye khali dare?», «jaye dastesh» (the ezafe; the stem «ja» + «-ye» would read «جایه»)
    # finglish2: small words, abbreviations and English words of train35's writers (and any buyer's), read as the plain
    # Persian word; whole words only
    "ولی": "vali",
    "پس": "pas",
    "قبلا": "ghablan",
    "قبل": "ghabl",
    "واسه": "vase",
    "بالا": "bala",
    "زیر": "zir zire",
    "اینجا": "inja",
    "اونجا": "onja",
    "حالا": "hala",
    "اصلا": "aslan",
    "کلا": "kolan",
    "بیخیال": "bikhial bikhiyal",
    "اینقدر": "inghadr inghad",
    "هر": "har",
    "فوری": "fori",
    "هیچی": "hichi",
    "اخه": "akhe",
    "واقعا": "vaghean vaghan",
    "ببخشید": "bebakhshid",
    "پیدا": "peyda peida paida",
    "چیکار": "chikar chekar",
    "برام": "baram",
    "برات": "barat",
    "براتون": "baratoon baratun",
    "یکم": "yekam",
    "منو": "mano",
    "نیم": "nim",
    "نصف": "nesf",
    "روش": "rosh",
    "امسال": "emsal",
    "ظهر": "zohr",
    "عصر": "asr",
    "کمک": "komak",
    "مستقیم": "mostaghim",
    "امن": "amn",
    "دیروز": "dirooz diruz",
    "پریروز": "parirooz",
    "بهت": "behet",
    "بهم": "behem",
    "خوب": "khob khub",
    "داداش": "bro",
    "هنوز": "still",
    "نقد": "cash",
    "معاوضه": "swap",
    "تخفیف": "discount",
    "اخرین": "last",
    "استخدام": "hiring",
    "کیلومتر": "km",
    "چک": "cheque cheques",
    "بازدید": "visit",
    "اضافه کاری": "overtime",
    "نمونه": "sample",
    "عکسا": "pics photos",
    "شماره": "number",
    "رنگ": "color colour",
    "نباشه": "nabashe",
}

# Verb forms: prefix + present stem + person ending. Persian written with the stem's present form.
_PREFIXES = {"mi": "می", "nemi": "نمی", "be": "ب", "bi": "بی", "na": "ن", "ne": "ن", "": ""}
_ENDINGS_AFTER_CONSONANT = {"am": "م", "i": "ی", "e": "ه", "ad": "د", "im": "یم", "id": "ید", "in": "ین", "an": "ن", "and": "ند"}
_ENDINGS_AFTER_VOWEL = {"m": "م", "i": "ی", "y": "ی", "yi": "ی", "d": "د", "yd": "ید", "id": "ید", "yn": "ین", "in": "ین", "yim": "یم", "ym": "یم", "im": "یم", "n": "ن", "e": "د"}
# A past stem's endings: the person endings, none (3rd person), and the participle «-e» («karde», «nakhorde», «nashode»)
_ENDINGS_PAST = {"am": "م", "i": "ی", "": "", "im": "یم", "id": "ید", "in": "ین", "an": "ن", "and": "ند", "e": "ه"}
_STEMS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # spelling(s): (Persian stem, stem's last sound "c"/"v", the prefixes it takes)
    "kon": ("کن", "c", ("mi", "nemi", "", "na")),
    "d": ("د", "c", ("mi", "nemi", "be", "na", "ne")),
    "forush frush forosh frosh": ("فروش", "c", ("mi", "nemi", "be", "na")),
    "khar": ("خر", "c", ("mi", "nemi", "be", "na")),
    "kha khah": ("خوا", "v", ("mi", "nemi")),
    "toon tun ton": ("تون", "c", ("mi", "nemi", "be")),
    "sh": ("ش", "c", ("mi", "nemi", "be", "na")),
    "a": ("ا", "v", ("mi", "nemi", "bi", "ni")),
    "bin": ("بین", "c", ("mi", "nemi", "be", "na")),
    "frest ferest": ("فرست", "c", ("mi", "nemi", "be", "na")),
    "gir": ("گیر", "c", ("mi", "nemi", "be", "na")),
    "g goo gu": ("گ", "c", ("mi", "nemi", "be", "na")),
    "zar": ("ذار", "c", ("mi", "nemi", "be", "na")),
    "bar": ("بر", "c", ("mi", "nemi", "be", "na")),
    "ar yar": ("ار", "c", ("mi", "nemi", "bi")),
    "r": ("ر", "c", ("mi", "nemi", "be", "na")),
    "dar": ("دار", "c", ("", "na")),
    "pors": ("پرس", "c", ("mi", "nemi", "be", "na")),
    "fres": ("فرس", "c", ("mi", "nemi", "be")),
    "res": ("رس", "c", ("mi", "nemi", "be", "na")),
    "zan": ("زن", "c", ("mi", "nemi", "be", "na")),
    "khor": ("خور", "c", ("mi", "nemi", "be", "na")),
    "reson resoon": ("رسون", "c", ("mi", "nemi", "be")),
    "pazir": ("پذیر", "c", ("mi", "nemi", "be", "na")),
    # finglish2: «gharardad ro mibandin?», «dige nemikeshim», «kesi midoone?», «bebakhshid», «nabashe», «misazi?»
    "band": ("بند", "c", ("mi", "nemi", "be", "na")),
    "kesh": ("کش", "c", ("mi", "nemi", "be", "na")),
    "doon dun": ("دون", "c", ("mi", "nemi")),
    "moon mun": ("مون", "c", ("mi", "nemi", "be")),
    "saz": ("ساز", "c", ("mi", "nemi", "be", "na")),
    "bakhsh": ("بخش", "c", ("mi", "nemi", "be", "na")),
    "bash": ("باش", "c", ("",)),
    "gard": ("گرد", "c", ("mi", "nemi", "be", "na")),
    "shnas shenas": ("شناس", "c", ("mi", "nemi", "be", "na")),
}
# finglish2: past stems (spellings: Persian, prefixes), with the endings of _ENDINGS_PAST: «kharidam», «ferestadam», «didi»,
# «peyda kardam», «nakhorde», «nashode», «mikhastam», «nayomade». Not «sakht» (also «سخت», hard), nor a stem a Latin word spells.
_PAST: dict[str, tuple[str, tuple[str, ...]]] = {
    "kard": ("کرد", ("", "na", "mi", "nemi")),
    "kharid": ("خرید", ("", "na", "mi", "nemi")),
    "ferestad frestad": ("فرستاد", ("", "na", "mi", "nemi")),
    "did": ("دید", ("", "na", "mi", "nemi")),
    "gereft gerft": ("گرفت", ("", "na", "mi", "nemi")),
    "goft": ("گفت", ("", "na", "mi", "nemi")),
    "raft": ("رفت", ("", "na", "mi", "nemi")),
    "omad umad": ("اومد", ("", "mi", "nemi")),
    "yomad yumad": ("یومد", ("na", "mi", "nemi")),
    "amad": ("امد", ("", "na")),
    "dasht": ("داشت", ("", "na", "mi", "nemi")),
    "zad": ("زد", ("", "na", "mi", "nemi")),
    "shod": ("شد", ("", "na", "mi", "nemi")),
    "khord": ("خورد", ("", "na", "mi", "nemi")),
    "bord": ("برد", ("", "na", "mi", "nemi")),
    "dad": ("داد", ("", "na", "mi", "nemi")),
    "forokht forookht frokht": ("فروخت", ("", "na", "mi", "nemi")),
    "khast": ("خواست", ("", "na", "mi", "nemi")),
    "toonest tunest tonest": ("تونست", ("", "na", "mi", "nemi")),
    "resid": ("رسید", ("", "na", "mi", "nemi")),
    "porsid": ("پرسید", ("", "na", "mi", "nemi")),
    "gozasht": ("گذاشت", ("", "na", "mi", "nemi")),
    "bood bud": ("بود", ("", "na", "mi")),
    "avord ovord": ("اورد", ("", "na", "mi", "nemi")),
    "keshid": ("کشید", ("", "na", "mi", "nemi")),
    "bast": ("بست", ("", "na", "mi", "nemi")),
}
_PREFIXES["ni"] = "نی"


def _forms() -> Iterable[tuple[str, str]]:
    """(Finglish spelling, Persian) for every generated present-stem verb form."""
    for spellings, (persian, last, prefixes) in _STEMS.items():
        endings = _ENDINGS_AFTER_CONSONANT if last == "c" else _ENDINGS_AFTER_VOWEL
        for spelling in spellings.split():
            for prefix in prefixes:
                for ending, written in endings.items():
                    yield prefix + spelling + ending, _PREFIXES[prefix] + persian + written
    yield from (("bia", "بیا"), ("bede", "بده"), ("bedin", "بدین"), ("kon", "کن"), ("begoo", "بگو"), ("fek", "فک"), ("fekr", "فکر"))


def _past_forms() -> Iterable[tuple[str, str]]:
    """(Finglish spelling, Persian) for every generated past-stem verb form (after WORDS: «khaste» is «خسته», not «خواسته»)."""
    for spellings, (persian, prefixes) in _PAST.items():
        for spelling in spellings.split():
            for prefix in prefixes:
                for ending, written in _ENDINGS_PAST.items():
                    yield prefix + spelling + ending, _PREFIXES[prefix] + persian + written


def _imperatives() -> Iterable[tuple[str, str]]:
    """(Finglish spelling, Persian) of the imperative, prefix + bare stem (finglish4: «aks befres», «video begir», «ye zang
    bezan», «ye kam biar paeen», «nazan»); registered last, so a word read otherwise keeps its reading («nazar»: «نظر», not
    «نذار»); not a one-letter stem («bed», «besh», «beg» are other words)."""
    for spellings, (persian, _last, prefixes) in _STEMS.items():
        for spelling in spellings.split():
            for prefix in prefixes:
                if prefix in ("be", "bi", "na", "ne") and len(key(spelling)) > 1 and len(persian) > 1:
                    yield prefix + spelling, _PREFIXES[prefix] + persian


# Suffixes a STEMS word takes, in key form → Persian; after a stem ending in a vowel the
# suffix may drop its own vowel («bimash», «ejarash» = «bime-ash»).
_SUFFIXES: dict[str, str] = {
    "esh": "ش", "ash": "ش", "sh": "ش",
    "et": "ت", "at": "ت", "t": "ت",
    "am": "م", "m": "م",
    "eton": "تون", "etan": "تون", "ton": "تون", "eshon": "شون", "shon": "شون", "emon": "مون", "mon": "مون",
    "e": "ه", "ie": "یه", "ye": "یه",
    "i": "ی", "ha": "ها", "a": "ا",
    "o": "و", "ro": "رو", "aro": "ارو", "ra": "رو",
    "st": "ست", "ast": "ست",
    "tar": "تر", "tarin": "ترین",
}  # fmt: skip
_AFTER_HEH = frozenset({"ش", "ت", "م", "شون", "تون"})  # «اجاره» + «ش» is written «اجاره‌اش»
_EZAFE = frozenset({"e", "ye"})  # after a hyphen: the ezafe, unwritten in Persian («ghabel-e mozakere», «shomare-ye»)
_JOINED = re.compile(r"[a-z]+(?:['’-][a-z]+)+")  # Latin words joined by a hyphen or an apostrophe (a casefolded token)
_AIN = re.compile(r"[a-z]+(?:3[a-z]+)+")  # «3» written for «ع» inside a word


def _attached(word: str, suffix: str, vowel: bool = False) -> str:
    """``word`` + ``suffix`` as Persian writes them: «اجاره» + «ش» → «اجاره‌اش»; ``vowel``: also «ی» → «ای» («جلسه‌ای»),
    for a suffix a hyphen set apart (an unhyphenated «-i» after «-e» is read by the stems as before)."""
    if word.endswith("ه") and (suffix in _AFTER_HEH or (vowel and suffix[0] in "شتمی")):
        return word + "ا" + suffix
    return word + suffix
_MIN_STEM = 2  # a stem key of one letter («d», «o») takes no suffix


class Transliterator:
    """Finglish words → Persian, through :func:`key`; ``fold`` normalises the Persian side."""

    def __init__(self, fold: Callable[[str], str] = lambda s: s) -> None:
        self.words: dict[str, str] = {}
        self.stems: dict[str, str] = {}
        for persian, spellings in STEMS.items():
            for spelling in spellings.split():
                self.stems.setdefault(key(spelling), fold(persian))
        for spelling, persian in _forms():
            self.words.setdefault(key(spelling), fold(persian))
        for persian, spellings in WORDS.items():
            for spelling in spellings.split():
                self.words.setdefault(key(spelling), fold(persian))
        for spelling, persian in _past_forms():
            self.words.setdefault(key(spelling), fold(persian))
        for k, persian in self.stems.items():
            self.words.setdefault(k, persian)
        for spelling, persian in _imperatives():
            self.words.setdefault(key(spelling), fold(persian))
        self._suffixes = sorted(((key(s), fold(p)) for s, p in _SUFFIXES.items()), key=lambda pair: -len(pair[0]))
        self._suffix_of = dict(self._suffixes)
        self._cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        """``word`` in Persian if the lexicon knows it, else ``word`` itself."""
        return kept_reading(self._cache, word, self._read)

    def _read(self, word: str) -> str:
        if not word.isascii() or not word.isalpha():  # Persian, a number, a model («a54», «206»)
            if word.isascii() and _AIN.fullmatch(word):  # «3» for «ع» between letters: «ma3avaze», «fe3lan», «ba3d»
                found = self.word(word.replace("3", ""))
                return word if found.isascii() else found
            return word
        if "x" in word:  # «x» for «کس» first («ax», «axe», «axasho»: عکس), then as typed («tnx», «gearbox»)
            found = self._keyed(key(word.replace("x", "ks")))
            if found is not None:
                return found
        return self._keyed(key(word)) or word

    def _keyed(self, k: str) -> str | None:
        """The Persian of a spelling key: a word, a stem with suffixes, or a verb with its object; None if unknown."""
        found = self.words.get(k)
        if found is not None:
            return found
        found = self._suffixed(k, 2)
        if found is None and k.endswith("$") and len(k) > 4:  # a verb with its object: «bebinamesh» = «ببینمش»
            verb = self.words.get(k[:-2] if k.endswith("e$") else k[:-1])
            if verb is not None:
                found = verb + "ش"
        return found

    def _suffixed(self, k: str, depth: int) -> str | None:
        for suffix, persian in self._suffixes:
            if len(k) - len(suffix) >= _MIN_STEM and k.endswith(suffix):
                stem = k[: -len(suffix)]
                found = self.stems.get(stem)
                if found is None and len(suffix) > 1 and suffix[0] in "ae":  # the stem's final vowel absorbed: «bim-ash» = «bime» + «ash»
                    found = self.stems.get(stem + "e")
                if found is None and depth > 1:
                    found = self._suffixed(stem, depth - 1)
                if found is not None:
                    return _attached(found, persian)
        return None

    def compounds(self, text: str) -> str:
        """``text`` (a casefolded token) with its hyphen- and apostrophe-joined Latin words read: «ghabel-e» → «قابل» (the
        ezafe «-e» / «-ye» is not written in Persian), «sabeghe-am» → «سابقه‌ام», «storage-esh» → «حافظه‌اش» (a suffix
        after the hyphen is a suffix even on a word read only whole), «pas-farda» → «پس فردا», «ba'd» → «بعد». A part the
        lexicon does not know stays as written, with what hangs on it."""
        return _JOINED.sub(self._compound, text)

    def _compound(self, match: re.Match[str]) -> str:
        out: list[str] = []
        latin = False  # the last part stayed Latin: a suffix after it stays as written
        for part in match.group().split("-"):
            if "'" in part or "’" in part:
                joined = part.replace("'", "").replace("’", "")
                part = joined if self.word(joined) != joined else part
            if out and (part in _EZAFE or (latin and self._suffix(key(part)) is not None)):
                if part not in _EZAFE:
                    out.append(part)
                continue
            suffix = self._suffix(key(part)) if out else None
            if suffix is not None:
                out[-1] = _attached(out[-1], suffix, vowel=True)
                continue
            read = self.word(part)
            latin = read == part
            out.append(read)
        return " ".join(out)

    def _suffix(self, k: str, depth: int = 2) -> str | None:
        """The Persian of a part that is one suffix or two («esh», «etoon», «ha», «hamo»), else None."""
        if k in self._suffix_of:
            return self._suffix_of[k]
        if depth > 1:
            for suffix, persian in self._suffixes:
                if k.startswith(suffix) and len(k) > len(suffix):
                    rest = self._suffix(k[len(suffix) :], depth - 1)
                    if rest is not None:
                        return persian + rest
        return None

    def words_of(self, words: list[str]) -> list[str]:
        """Each word through :meth:`word` (buyers reuse few words: usually all found in the cache)."""
        cache = self._cache
        try:
            return [cache[w] for w in words]
        except KeyError:
            return [self.word(w) for w in words]
