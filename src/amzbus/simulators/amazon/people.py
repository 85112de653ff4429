"""Buyers and delivery addresses per country: local names with their diacritics, and some names and
address lines in non-Latin scripts (Cyrillic, Greek, Arabic, CJK, Hangul), as real marketplaces receive."""

from __future__ import annotations

import random

from .orders_model import Address

NAMES = {
    "US": ("James Miller", "Maria Garcia", "Robert Johnson", "Aaliyah Brown", "Chloé Dubois-Smith", "Liam O'Connor"),
    "CA": ("Émilie Tremblay", "Noah Gagnon", "Olivia Roy", "Jean-François Côté", "Ava Wilson"),
    "MX": ("José Hernández", "Sofía Martínez", "Ángel López", "Ximena Núñez", "Luis Peña"),
    "DE": ("Jürgen Müller", "Anna Schäfer", "Lukas Weiß", "Özlem Yılmaz", "Sophie Köhler"),
    "ES": ("Begoña Ibáñez", "Javier Muñoz", "Lucía Fernández", "Àlex Puigdemont", "María José Gómez"),
    "FR": ("Hélène Lefèvre", "François Dubois", "Zoë Martin", "Gaëlle Leroy", "Loïc Bernard"),
    "GB": ("Oliver Smith", "Siobhán Murphy", "Amelia Jones", "Rhys ap Gruffydd", "Priya Patel"),
    "IT": ("Niccolò Rossi", "Giulia Bianchi", "Lorenzo D'Angelo", "Chiara Esposito", "Mattia Gallo"),
    "NL": ("Sjoerd van der Berg", "Eva de Vries", "Daan Jansen", "Fenna Bakker", "Thijs Visser"),
}
NON_LATIN_NAMES = ("Дмитрий Иванов", "Ελένη Παπαδοπούλου", "محمد العلي", "李娜", "山田太郎", "김민준", "Ольга Смирнова")

STREETS = {
    "US": ("Main Street", "Oak Avenue", "Maple Drive", "Sunset Blvd"),
    "CA": ("rue Saint-Denis", "Queen Street West", "boulevard René-Lévesque", "Yonge Street"),
    "MX": ("Calle Niños Héroes", "Avenida Insurgentes Sur", "Calle de la Peña", "Paseo de la Reforma"),
    "DE": ("Hauptstraße", "Königsallee", "Schloßstraße", "Am Weißen Steinbruch"),
    "ES": ("Calle de Alcalá", "Avinguda Diagonal", "Calle Señores de Luzón", "Rúa do Vilar"),
    "FR": ("rue de la Pompe", "boulevard Saint-Germain", "rue de l'Évêché", "avenue Foch"),
    "GB": ("High Street", "Station Road", "King's Road", "Church Lane"),
    "IT": ("Via dell'Università", "Corso Vittorio Emanuele II", "Via Garibaldi", "Piazza Navona"),
    "NL": ("Prinsengracht", "Dorpsstraat", "Kerkstraat", "Oudegracht"),
}
CITIES = {
    "US": (("Seattle", "WA", "981"), ("Austin", "TX", "787"), ("Columbus", "OH", "432"), ("Portland", "OR", "972")),
    "CA": (("Montréal", "QC", "H2X"), ("Toronto", "ON", "M5V"), ("Québec", "QC", "G1R"), ("Calgary", "AB", "T2P")),
    "MX": (("Ciudad de México", "CDMX", "06"), ("Guadalajara", "JAL", "44"), ("Mérida", "YUC", "97")),
    "DE": (("München", None, "80"), ("Köln", None, "50"), ("Düsseldorf", None, "40"), ("Berlin", None, "10")),
    "ES": (("Madrid", "Madrid", "28"), ("Barcelona", "Barcelona", "08"), ("A Coruña", "A Coruña", "15")),
    "FR": (("Paris", None, "75"), ("Saint-Étienne", None, "42"), ("Besançon", None, "25")),
    "GB": (("London", "Greater London", "SW1"), ("Manchester", None, "M1"), ("Cardiff", "Wales", "CF10")),
    "IT": (("Milano", "MI", "20"), ("Roma", "RM", "00"), ("Forlì", "FC", "47")),
    "NL": (("Amsterdam", "Noord-Holland", "1012"), ("Utrecht", "Utrecht", "3511"), ("'s-Hertogenbosch", "Noord-Brabant", "5211")),
}
PHONE_PREFIX = {"US": "+1 206", "CA": "+1 514", "MX": "+52 55", "DE": "+49 89", "ES": "+34 91", "FR": "+33 1",
                "GB": "+44 20", "IT": "+39 02", "NL": "+31 20"}


def buyer_name(rng: random.Random, country: str, *, non_latin: bool) -> str:
    return rng.choice(NON_LATIN_NAMES) if non_latin else rng.choice(NAMES[country])


def delivery_address(rng: random.Random, country: str, *, name: str, non_latin: bool, company: str | None) -> Address:
    city, region, postal_start = rng.choice(CITIES[country])
    line2 = None
    if non_latin and rng.random() < 0.5:
        line2 = f"c/o {rng.choice(NON_LATIN_NAMES)}"
    elif rng.random() < 0.3:
        line2 = rng.choice(("Apt 4B", "2. OG links", "Bâtiment C", "Piso 3º 2ª", "Flat 7", "Interno 5"))
    return Address(
        name=name,
        line1=f"{rng.choice(STREETS[country])} {rng.randint(1, 240)}",
        line2=line2,
        city=city,
        state_or_region=region,
        postal_code=_postal_code(rng, country, postal_start),
        country_code=country,
        company_name=company,
        phone=f"{PHONE_PREFIX[country]} {rng.randint(1000000, 9999999)}",
        address_type="COMMERCIAL" if company else "RESIDENTIAL",
    )


def _postal_code(rng: random.Random, country: str, start: str) -> str:
    if country == "CA":
        return f"{start} {rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randint(1, 9)}"
    if country == "GB":
        return f"{start} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    if country == "NL":
        return f"{start} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
    digits = 5 - len(start)
    return start + "".join(str(rng.randint(0, 9)) for _ in range(digits))
