"""Fixed lists the demo draws from: projects and districts, names by origin, occupations.

The names are common given and family names of each country of origin (as transliterated in
German documents), not German names from a faker: the demo should look like a real caseload.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "lotse-demo-2026"  # noqa: S105 – printed on purpose, demo only
SEED = 2016

# The programme's timeline (see product.md): model phase from October 2016.
PROGRAMME_START = (2016, 10, 1)

# Demo organisations (fictional). Re-running load_demo replaces everything in their projects.
ORGANISATIONS = [
    "Bildungswerk Westsachsen gGmbH (Demo)",
    "Integrationsnetz Ostsachsen e. V. (Demo)",
    "Arbeit und Zukunft Leipzig gGmbH (Demo)",
    "Sächsischer Migrationsdienst e. V. (Demo)",
]


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    name: str
    organisation: int  # index into ORGANISATIONS
    district: str  # AGS key
    mentors: int
    postcode_half: int = 0  # 1 / 2: the lower / upper half of a shared district's postcodes
    esf: bool = False  # records the ESF Plus indicators


# 14 projects in the 13 districts; the city of Leipzig has two. 50 mentors in all.
PROJECTS = [
    ProjectSpec("chemnitz", "Arbeitsmarktmentoren Chemnitz", 0, "14511", 4),
    ProjectSpec("erzgebirge", "Arbeitsmarktmentoren Erzgebirgskreis", 0, "14521", 3),
    ProjectSpec("mittelsachsen", "Arbeitsmarktmentoren Mittelsachsen", 0, "14522", 3),
    ProjectSpec("vogtland", "Arbeitsmarktmentoren Vogtlandkreis", 0, "14523", 3),
    ProjectSpec("zwickau", "Arbeitsmarktmentoren Zwickau", 0, "14524", 4),
    ProjectSpec("dresden", "Arbeitsmarktmentoren Dresden", 1, "14612", 7, esf=True),
    ProjectSpec("bautzen", "Arbeitsmarktmentoren Bautzen", 1, "14625", 3),
    ProjectSpec("goerlitz", "Arbeitsmarktmentoren Görlitz", 1, "14626", 3, esf=True),
    ProjectSpec("meissen", "Arbeitsmarktmentoren Meißen", 3, "14627", 3),
    ProjectSpec("soe", "Arbeitsmarktmentoren Sächsische Schweiz-Osterzgebirge", 3, "14628", 3),
    ProjectSpec("leipzig-nord", "Arbeitsmarktmentoren Leipzig Nord-Ost", 2, "14713", 5, 1),
    ProjectSpec("leipzig-sued", "Arbeitsmarktmentoren Leipzig Süd-West", 2, "14713", 4, 2),
    ProjectSpec("leipzig-land", "Arbeitsmarktmentoren Landkreis Leipzig", 2, "14729", 3),
    ProjectSpec("nordsachsen", "Arbeitsmarktmentoren Nordsachsen", 3, "14730", 2),
]

# Staff first and last names (German staff of the projects).
STAFF_FIRST = [
    "Anja",
    "Katrin",
    "Sandra",
    "Susanne",
    "Claudia",
    "Stefanie",
    "Nadine",
    "Julia",
    "Franziska",
    "Christin",
    "Maria",
    "Doreen",
    "Ines",
    "Kerstin",
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Frank",
    "Jens",
    "Sebastian",
    "Tobias",
    "Martin",
    "René",
    "Daniel",
    "Ronny",
    "Mandy",
    "Peggy",
    "Yvonne",
    "Silke",
    "Uwe",
    "Heiko",
    "Torsten",
    "Sven",
    "Maik",
    "Lars",
    "Nico",
    "Marcel",
]
STAFF_LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Köhler",
    "Herrmann",
    "Walter",
    "König",
    "Seidel",
    "Vogel",
    "Günther",
    "Frank",
    "Lorenz",
    "Ludwig",
    "Böhme",
    "Winkler",
    "Kühn",
    "Hahn",
    "Arnold",
    "Schubert",
    "Pohl",
    "Ullrich",
    "Haase",
    "Voigt",
    "Fuchs",
]


@dataclass(frozen=True)
class Origin:
    iso: str
    weight: int
    languages: tuple[str, ...]  # first language, then others commonly spoken
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]


_ARABIC_MALE = (
    "Mohammad",
    "Ahmad",
    "Mahmoud",
    "Khaled",
    "Omar",
    "Ali",
    "Hussein",
    "Yousef",
    "Ibrahim",
    "Abdullah",
    "Hassan",
    "Mustafa",
    "Rami",
    "Samer",
    "Bilal",
    "Anas",
    "Tarek",
    "Fadi",
    "Majd",
    "Walid",
    "Karim",
    "Nour",
    "Jamal",
    "Zaid",
)
_ARABIC_FEMALE = (
    "Fatima",
    "Aisha",
    "Mariam",
    "Nour",
    "Rasha",
    "Hiba",
    "Lina",
    "Rana",
    "Sara",
    "Amal",
    "Yasmin",
    "Hala",
    "Dima",
    "Reem",
    "Samira",
    "Layla",
    "Ranim",
    "Salma",
    "Huda",
    "Noura",
)

ORIGINS = [
    Origin(
        "SY",
        30,
        ("ar", "ku"),
        _ARABIC_MALE,
        _ARABIC_FEMALE,
        (
            "Al-Ahmad",
            "Haddad",
            "Khalil",
            "Al-Hussein",
            "Darwish",
            "Hamdan",
            "Al-Khatib",
            "Nasser",
            "Saleh",
            "Othman",
            "Al-Ali",
            "Suleiman",
            "Mansour",
            "Hamoud",
            "Issa",
            "Alloush",
            "Kurdi",
            "Sheikho",
            "Hasan",
            "Al-Masri",
            "Barakat",
            "Ibrahim",
            "Yassin",
            "Hammoud",
        ),
    ),
    Origin(
        "AF",
        18,
        ("fa", "ps"),
        (
            "Ahmad",
            "Mohammad",
            "Ali",
            "Reza",
            "Hamid",
            "Jawad",
            "Mustafa",
            "Naser",
            "Farid",
            "Sayed",
            "Abdul",
            "Rahim",
            "Habib",
            "Karim",
            "Murtaza",
            "Sohrab",
            "Zabihullah",
            "Ehsan",
        ),
        (
            "Zahra",
            "Fatima",
            "Maryam",
            "Masooma",
            "Nargis",
            "Shabnam",
            "Parwana",
            "Farzana",
            "Sakina",
            "Hakima",
            "Laila",
            "Mahtab",
            "Roya",
            "Somaya",
        ),
        (
            "Ahmadi",
            "Rahimi",
            "Hosseini",
            "Mohammadi",
            "Karimi",
            "Nazari",
            "Sultani",
            "Haidari",
            "Sadat",
            "Rezaei",
            "Jafari",
            "Amiri",
            "Hashimi",
            "Noori",
            "Safi",
            "Wardak",
            "Stanikzai",
        ),
    ),
    Origin(
        "UA",
        16,
        ("uk", "ru"),
        (
            "Oleksandr",
            "Andrii",
            "Serhii",
            "Dmytro",
            "Volodymyr",
            "Mykola",
            "Yurii",
            "Ivan",
            "Vitalii",
            "Maksym",
            "Bohdan",
            "Taras",
            "Oleh",
            "Roman",
        ),
        (
            "Olena",
            "Tetiana",
            "Natalia",
            "Iryna",
            "Oksana",
            "Yuliia",
            "Svitlana",
            "Kateryna",
            "Anastasiia",
            "Liudmyla",
            "Halyna",
            "Viktoriia",
            "Mariia",
            "Alina",
            "Daryna",
        ),
        (
            "Kovalenko",
            "Shevchenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Oliinyk",
            "Shevchuk",
            "Polishchuk",
            "Koval",
            "Lysenko",
            "Marchenko",
            "Rudenko",
            "Moroz",
            "Savchenko",
            "Petrenko",
            "Melnyk",
            "Kovalchuk",
            "Hnatiuk",
        ),
    ),
    Origin(
        "ER",
        7,
        ("ti", "ar"),
        (
            "Tesfay",
            "Yonas",
            "Dawit",
            "Samuel",
            "Habtom",
            "Mehari",
            "Berhane",
            "Filmon",
            "Kidane",
            "Tekle",
            "Yohannes",
            "Amanuel",
            "Michael",
            "Robel",
        ),
        (
            "Helen",
            "Senait",
            "Selam",
            "Saba",
            "Rahel",
            "Mebrat",
            "Yordanos",
            "Luwam",
            "Tsega",
            "Winta",
        ),
        (
            "Tesfamariam",
            "Ghebremedhin",
            "Haile",
            "Tekle",
            "Berhe",
            "Kidane",
            "Weldemichael",
            "Gebremeskel",
            "Tesfay",
            "Asmerom",
            "Habte",
            "Mehari",
            "Abraha",
        ),
    ),
    Origin(
        "IQ",
        8,
        ("ar", "ku"),
        _ARABIC_MALE,
        _ARABIC_FEMALE,
        (
            "Al-Jubouri",
            "Al-Obaidi",
            "Hassan",
            "Kadhim",
            "Al-Tamimi",
            "Jasim",
            "Abbas",
            "Mahmood",
            "Qasim",
            "Salih",
            "Ismail",
            "Rashid",
            "Aziz",
            "Khudher",
            "Murad",
            "Sinjari",
        ),
    ),
    Origin(
        "IR",
        5,
        ("fa", "az"),
        (
            "Amir",
            "Reza",
            "Mehdi",
            "Hossein",
            "Ali",
            "Saeed",
            "Hamed",
            "Babak",
            "Arash",
            "Majid",
            "Farhad",
            "Behnam",
        ),
        (
            "Maryam",
            "Zahra",
            "Fatemeh",
            "Narges",
            "Shirin",
            "Leila",
            "Parisa",
            "Mina",
            "Sahar",
            "Nasrin",
            "Azadeh",
            "Elham",
        ),
        (
            "Ahmadi",
            "Hosseini",
            "Karimi",
            "Moradi",
            "Rahimi",
            "Jafari",
            "Ghasemi",
            "Rostami",
            "Sadeghi",
            "Tehrani",
            "Mousavi",
            "Shirazi",
            "Azizi",
            "Heidari",
        ),
    ),
    Origin(
        "TR",
        4,
        ("tr", "ku"),
        (
            "Mehmet",
            "Mustafa",
            "Ahmet",
            "Ali",
            "Hüseyin",
            "Hasan",
            "İbrahim",
            "Murat",
            "Emre",
            "Serkan",
            "Deniz",
            "Kemal",
        ),
        ("Ayşe", "Fatma", "Emine", "Zeynep", "Elif", "Hatice", "Merve", "Özlem", "Derya", "Gül"),
        (
            "Yılmaz",
            "Kaya",
            "Demir",
            "Şahin",
            "Çelik",
            "Yıldız",
            "Aydın",
            "Öztürk",
            "Arslan",
            "Doğan",
            "Kılıç",
            "Aslan",
            "Koç",
            "Kurt",
        ),
    ),
    Origin(
        "SO",
        3,
        ("so", "ar"),
        (
            "Abdi",
            "Mohamed",
            "Ahmed",
            "Abdirahman",
            "Hassan",
            "Abdullahi",
            "Ismail",
            "Yusuf",
            "Farah",
            "Omar",
        ),
        ("Fadumo", "Hodan", "Amina", "Sahra", "Hawa", "Ifrah", "Khadija", "Asha", "Nimco"),
        (
            "Abdi",
            "Mohamed",
            "Hassan",
            "Warsame",
            "Farah",
            "Jama",
            "Osman",
            "Ali",
            "Nur",
            "Aden",
            "Hirsi",
        ),
    ),
    Origin(
        "VE",
        3,
        ("es",),
        (
            "José",
            "Luis",
            "Carlos",
            "Jesús",
            "Miguel",
            "Daniel",
            "Alejandro",
            "Andrés",
            "Jorge",
            "Rafael",
        ),
        (
            "María",
            "Andrea",
            "Daniela",
            "Gabriela",
            "Carmen",
            "Valentina",
            "Ana",
            "Mariana",
            "Patricia",
            "Alejandra",
        ),
        (
            "González",
            "Rodríguez",
            "Pérez",
            "Hernández",
            "García",
            "Martínez",
            "López",
            "Ramírez",
            "Sánchez",
            "Torres",
            "Díaz",
            "Rojas",
        ),
    ),
    Origin(
        "RU",
        3,
        ("ru",),
        (
            "Aleksandr",
            "Sergei",
            "Dmitri",
            "Andrei",
            "Aleksei",
            "Maksim",
            "Ilya",
            "Magomed",
            "Ruslan",
            "Artur",
        ),
        (
            "Elena",
            "Olga",
            "Natalia",
            "Tatiana",
            "Irina",
            "Ekaterina",
            "Anna",
            "Madina",
            "Aminat",
            "Svetlana",
        ),
        (
            "Ivanov",
            "Smirnov",
            "Kuznetsov",
            "Popov",
            "Sokolov",
            "Lebedev",
            "Kozlov",
            "Novikov",
            "Magomedov",
            "Kadyrov",
            "Umarov",
            "Volkov",
        ),
    ),
    Origin(
        "LY",
        1,
        ("ar",),
        _ARABIC_MALE,
        _ARABIC_FEMALE,
        ("Al-Werfalli", "Ben Ali", "Al-Fitouri", "Ghariani", "Zlitni", "Misrati"),
    ),
    Origin(
        "PK",
        1,
        ("ur", "pa"),
        ("Muhammad", "Imran", "Usman", "Bilal", "Asad", "Hamza", "Faisal", "Waqas"),
        ("Ayesha", "Fatima", "Sana", "Hina", "Maria", "Rabia"),
        ("Khan", "Ahmed", "Hussain", "Malik", "Butt", "Chaudhry", "Qureshi", "Shah"),
    ),
    Origin(
        "GE",
        1,
        ("ka", "ru"),
        ("Giorgi", "Davit", "Levan", "Irakli", "Nikoloz", "Zurab"),
        ("Nino", "Mariam", "Tamar", "Ana", "Salome", "Ketevan"),
        ("Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Lomidze", "Tsiklauri"),
    ),
]

# Target occupations (KldB 2010 Berufsgattungen, checked against the classification) with a
# weight; the 5th digit is the requirement level. load_demo skips any code not imported.
OCCUPATIONS_SKILLED = {
    "25212": 8,  # Kraftfahrzeugtechnik (Kfz-Mechatronik)
    "81302": 8,  # Gesundheits- und Krankenpflege
    "82102": 6,  # Altenpflege
    "24422": 4,  # Schweiß- und Verbindungstechnik
    "24412": 4,  # Metallbau
    "52122": 6,  # Berufskraftfahrer (Güterverkehr/LKW)
    "29302": 5,  # Köche
    "83112": 4,  # Kinderbetreuung und -erziehung
    "26212": 4,  # Bauelektrik
    "34212": 4,  # Sanitär-, Heizungs- und Klimatechnik
    "51312": 5,  # Lagerwirtschaft
    "62102": 5,  # Verkauf
    "71402": 3,  # Büro und Sekretariat
    "63302": 3,  # Gastronomieservice
    "81102": 3,  # Medizinische Fachangestellte
    "81112": 2,  # Zahnmedizinische Fachangestellte
    "43102": 2,  # Informatik
    "25102": 3,  # Maschinenbau- und Betriebstechnik
    "24232": 3,  # spanende Metallbearbeitung (Zerspanung)
    "26112": 2,  # Mechatronik
    "32122": 2,  # Maurerhandwerk
    "33302": 2,  # Aus- und Trockenbau
    "22302": 2,  # Holzbe- und -verarbeitung
    "29202": 2,  # Lebensmittelherstellung
    "12102": 2,  # Gartenbau
    "53112": 2,  # Objekt-, Werte- und Personenschutz
    "72112": 1,  # Bankkaufleute
    "61122": 1,  # Vertrieb
}
OCCUPATIONS_HELPER = {
    "51311": 8,  # Lager – Helfer
    "54101": 6,  # Reinigung – Helfer
    "29301": 5,  # Küche – Helfer
    "82101": 4,  # Altenpflege – Helfer
    "81301": 3,  # Krankenpflege – Helfer
    "63301": 3,  # Gastronomieservice – Helfer
    "62101": 3,  # Verkauf – Helfer
    "11101": 2,  # Landwirtschaft – Helfer
    "12101": 2,  # Gartenbau – Helfer
    "33301": 2,  # Trockenbau – Helfer
    "22301": 1,  # Holz – Helfer
    "29201": 2,  # Lebensmittelherstellung – Helfer
    "51321": 2,  # Post und Zustellung – Helfer
}
OCCUPATIONS_ADVANCED = {
    "81313": 2,  # Fachkrankenpflege
    "43104": 2,  # Informatik – Experten
    "43413": 2,  # Softwareentwicklung
    "25213": 1,  # Kfz-Technik – Meister
    "81404": 2,  # Ärztinnen und Ärzte
    "84114": 1,  # Lehrkräfte Primarstufe
    "72213": 1,  # Buchhaltung
    "27303": 1,  # Produktionsplanung
    "26213": 1,  # Bauelektrik – Meister
    "25104": 1,  # Maschinenbau – Ingenieure
}

QUALIFICATION_TITLES = {
    "25212": "Automechaniker",
    "81302": "Krankenpfleger/in (Diplom)",
    "82102": "Pflegefachkraft",
    "24422": "Schweißer",
    "24412": "Metallbauer",
    "52122": "Lkw-Fahrer",
    "29302": "Koch/Köchin",
    "83112": "Erzieher/in",
    "26212": "Elektriker",
    "34212": "Installateur",
    "51312": "Lagerist",
    "62102": "Verkäufer/in",
    "71402": "Bürokaufmann/-frau",
    "63302": "Kellner/in",
    "81102": "Arzthelfer/in",
    "81112": "Zahnarzthelfer/in",
    "43102": "IT-Techniker",
    "25102": "Maschinenbautechniker",
    "24232": "Dreher/Fräser",
    "26112": "Mechatroniker",
    "32122": "Maurer",
    "33302": "Trockenbauer",
    "22302": "Tischler",
    "29202": "Bäcker/in",
    "12102": "Gärtner/in",
    "53112": "Sicherheitsfachkraft",
    "72112": "Bankkaufmann/-frau",
    "61122": "Vertriebskaufmann/-frau",
    "81313": "Fachkrankenpfleger/in",
    "43104": "Bachelor Informatik",
    "43413": "Master Softwaretechnik",
    "25213": "Kfz-Meister",
    "81404": "Humanmedizin (Staatsexamen)",
    "84114": "Lehramt Grundschule",
    "72213": "Bachelor Rechnungswesen",
    "27303": "Wirtschaftsingenieur/in",
    "26213": "Elektrotechniker/in",
    "25104": "Master Maschinenbau",
}
REGULATED = {"81302", "82102", "83112", "81313", "81404", "84114", "81102"}

STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Dorfstraße",
    "Lindenstraße",
    "Bergstraße",
    "Kirchstraße",
    "Waldstraße",
    "Ringstraße",
    "Poststraße",
    "Wiesenstraße",
    "Friedensstraße",
    "Dresdner Straße",
    "Leipziger Straße",
    "Chemnitzer Straße",
    "Karl-Marx-Straße",
    "Rosa-Luxemburg-Straße",
    "August-Bebel-Straße",
    "Goethestraße",
    "Schillerstraße",
    "Lessingstraße",
    "Am Markt",
    "Sonnenstraße",
    "Weinbergstraße",
]

EMPLOYER_PREFIXES = [
    "Autohaus",
    "Pflegedienst",
    "Seniorenzentrum",
    "Metallbau",
    "Spedition",
    "Logistik",
    "Gasthof",
    "Hotel",
    "Bäckerei",
    "Elektro",
    "Haustechnik",
    "Bauunternehmen",
    "Klinikum",
    "Kita",
    "Gebäudereinigung",
    "Gartenbau",
    "Tischlerei",
    "Maschinenbau",
    "Landhandel",
    "Fleischerei",
    "Praxis",
    "Supermarkt",
    "IT-Service",
    "Sicherheitsdienst",
    "Druckerei",
]
EMPLOYER_SUFFIXES = ["GmbH", "GmbH & Co. KG", "e. K.", "KG", "gGmbH", "AG", "e. V.", "GbR"]
# Fitting occupations per employer kind (index = EMPLOYER_PREFIXES position) and WZ division.
EMPLOYER_PROFILES = [
    (("25212", "62102", "51312"), "45"),
    (("82102", "82101", "81301"), "88"),
    (("82102", "82101", "29301"), "87"),
    (("24412", "24422", "24232"), "25"),
    (("52122", "51311", "51312"), "49"),
    (("51311", "51312", "52122"), "52"),
    (("29302", "29301", "63301"), "56"),
    (("63302", "29302", "54101"), "55"),
    (("29202", "29201", "62101"), "10"),
    (("26212", "26112"), "43"),
    (("34212", "34201"), "43"),
    (("32122", "33302", "33301"), "41"),
    (("81302", "81301", "81313", "81404"), "86"),
    (("83112",), "88"),
    (("54101",), "81"),
    (("12102", "12101"), "81"),
    (("22302", "22301"), "16"),
    (("25102", "24232", "27303", "25104"), "28"),
    (("11101", "52122"), "46"),
    (("29202", "29201"), "10"),
    (("81102", "81112"), "86"),
    (("62102", "62101", "51311"), "47"),
    (("43102", "43104", "43413"), "62"),
    (("53112",), "80"),
    (("22301", "51311"), "18"),
]

CONTACT_NOTES = [
    "Stand der Bewerbungen besprochen.",
    "Unterlagen für die Anerkennung zusammengestellt.",
    "Termin beim Jobcenter vorbereitet.",
    "Lebenslauf überarbeitet.",
    "Sprachkurs-Anmeldung besprochen.",
    "Rückmeldung zum Probearbeiten eingeholt.",
    "Fragen zur Arbeitserlaubnis geklärt; Ausländerbehörde angefragt.",
    "Vorstellungsgespräch geübt.",
    "Nachbetreuung: läuft gut im Betrieb.",
    "Kinderbetreuung für die Kursdauer geklärt.",
]
