"""Indonesian dates as Indonesian news sites write them: "7 Desember 2026 08.00".

Django's own Indonesian formats abbreviate the month the AP way ("7 Des. 2026"),
which readers do not use (issue 30, point 8). Found through FORMAT_MODULE_PATH;
every other format is Django's.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H.i"
MONTH_DAY_FORMAT = "j F"
