"""Facts about Ukraine that several rules need, stated once. Imports nothing of the project."""
from __future__ import annotations

# Ukraine's area within its internationally recognised borders, Crimea included: an occupied area larger
# than this is a broken row, and the occupied-area metrics' upper bound.
UKRAINE_KM2 = 603_628

# The oblasts (and Kyiv city, Sevastopol and Crimea) by ISO 3166-2 code, named as the attack reports spell them:
# the key of region_reports and of the oblast outlines, and the names the pages show (translated where shown).
OBLASTS = {
    "UA-05": "Vinnytsia oblast", "UA-07": "Volyn oblast", "UA-09": "Luhansk oblast", "UA-12": "Dnipropetrovsk oblast",
    "UA-14": "Donetsk oblast", "UA-18": "Zhytomyr oblast", "UA-21": "Zakarpattia oblast",
    "UA-23": "Zaporizhzhia oblast", "UA-26": "Ivano-Frankivsk oblast", "UA-30": "Kyiv city", "UA-32": "Kyiv oblast",
    "UA-35": "Kirovohrad oblast", "UA-40": "Sevastopol", "UA-43": "Crimea", "UA-46": "Lviv oblast",
    "UA-48": "Mykolaiv oblast", "UA-51": "Odesa oblast", "UA-53": "Poltava oblast", "UA-56": "Rivne oblast",
    "UA-59": "Sumy oblast", "UA-61": "Ternopil oblast", "UA-63": "Kharkiv oblast", "UA-65": "Kherson oblast",
    "UA-68": "Khmelnytskyi oblast", "UA-71": "Cherkasy oblast", "UA-74": "Chernihiv oblast",
    "UA-77": "Chernivtsi oblast",
}
