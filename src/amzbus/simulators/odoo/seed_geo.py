"""Countries, currencies and states the simulator starts with (ISO 3166 codes, as in Odoo's data)."""

from __future__ import annotations

# code, name, symbol, position, active
CURRENCIES = [
    ("EUR", "Euro", "€", "after", True),
    ("USD", "United States dollar", "$", "before", True),
    ("CAD", "Canadian dollar", "$", "before", True),
    ("MXN", "Mexican peso", "$", "before", True),
    ("GBP", "Pound sterling", "£", "before", True),
    ("JPY", "Japanese yen", "¥", "before", False),
]

# code, name, currency, phone code
COUNTRIES = [
    ("US", "United States", "USD", 1), ("CA", "Canada", "CAD", 1), ("MX", "Mexico", "MXN", 52),
    ("DE", "Germany", "EUR", 49), ("ES", "Spain", "EUR", 34), ("FR", "France", "EUR", 33),
    ("GB", "United Kingdom", "GBP", 44), ("IT", "Italy", "EUR", 39), ("NL", "Netherlands", "EUR", 31),
    ("BE", "Belgium", "EUR", 32), ("AT", "Austria", "EUR", 43), ("IE", "Ireland", "EUR", 353),
    ("LU", "Luxembourg", "EUR", 352), ("PT", "Portugal", "EUR", 351), ("JP", "Japan", "JPY", 81),
]

STATES = {
    "US": "AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|"
          "DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|"
          "KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|"
          "MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|"
          "NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|"
          "PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|"
          "VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|PR Puerto Rico|"
          "GU Guam|VI Virgin Islands|AS American Samoa|MP Northern Mariana Islands|AA Armed Forces Americas|"
          "AE Armed Forces Europe|AP Armed Forces Pacific",
    "CA": "AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|"
          "NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|"
          "SK Saskatchewan|YT Yukon",
    "MX": "AGU Aguascalientes|BCN Baja California|BCS Baja California Sur|CAM Campeche|CHP Chiapas|"
          "CHH Chihuahua|CMX Ciudad de México|COA Coahuila|COL Colima|DUR Durango|GUA Guanajuato|GRO Guerrero|"
          "HID Hidalgo|JAL Jalisco|MEX Estado de México|MIC Michoacán|MOR Morelos|NAY Nayarit|NLE Nuevo León|"
          "OAX Oaxaca|PUE Puebla|QUE Querétaro|ROO Quintana Roo|SLP San Luis Potosí|SIN Sinaloa|SON Sonora|"
          "TAB Tabasco|TAM Tamaulipas|TLA Tlaxcala|VER Veracruz|YUC Yucatán|ZAC Zacatecas",
    "DE": "BW Baden-Württemberg|BY Bayern|BE Berlin|BB Brandenburg|HB Bremen|HH Hamburg|HE Hessen|"
          "MV Mecklenburg-Vorpommern|NI Niedersachsen|NW Nordrhein-Westfalen|RP Rheinland-Pfalz|SL Saarland|"
          "SN Sachsen|ST Sachsen-Anhalt|SH Schleswig-Holstein|TH Thüringen",
    "ES": "C A Coruña|VI Araba/Álava|AB Albacete|A Alacant|AL Almería|O Asturias|AV Ávila|BA Badajoz|"
          "PM Illes Balears|B Barcelona|BU Burgos|CC Cáceres|CA Cádiz|S Cantabria|CS Castelló|CR Ciudad Real|"
          "CO Córdoba|CU Cuenca|GI Girona|GR Granada|GU Guadalajara|SS Gipuzkoa|H Huelva|HU Huesca|J Jaén|"
          "LO La Rioja|GC Las Palmas|LE León|L Lleida|LU Lugo|M Madrid|MA Málaga|MU Murcia|NA Navarra|"
          "OR Ourense|P Palencia|PO Pontevedra|SA Salamanca|TF Santa Cruz de Tenerife|SG Segovia|SE Sevilla|"
          "SO Soria|T Tarragona|TE Teruel|TO Toledo|V València|VA Valladolid|BI Bizkaia|ZA Zamora|Z Zaragoza|"
          "CE Ceuta|ML Melilla",
    "IT": "MI Milano|RM Roma|TO Torino|NA Napoli|FI Firenze|BO Bologna|VE Venezia|GE Genova|PA Palermo|BA Bari|"
          "CT Catania|VR Verona|PD Padova|BG Bergamo|BS Brescia",
    "NL": "DR Drenthe|FL Flevoland|FR Friesland|GE Gelderland|GR Groningen|LI Limburg|NB Noord-Brabant|"
          "NH Noord-Holland|OV Overijssel|UT Utrecht|ZE Zeeland|ZH Zuid-Holland",
}


def states_of(country_code: str) -> list[tuple[str, str]]:
    """``[(state_code, state_name), ...]`` for ``country_code``."""
    entries = STATES.get(country_code, "")
    return [tuple(entry.split(" ", 1)) for entry in entries.split("|")] if entries else []
