"""English dates for a German programme: day before month, never the US m/d/Y ("31 Dec 2025",
"31/12/2025"), 24-hour times. Input accepts ISO dates (the date fields send them) and d/m/Y."""

DATE_FORMAT = "j M Y"  # 31 Dec 2025
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 31 Dec 2025, 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2025
MONTH_DAY_FORMAT = "j F"  # 31 December
SHORT_DATE_FORMAT = "d/m/Y"  # 31/12/2025
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 31/12/2025 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
