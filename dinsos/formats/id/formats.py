"""Indonesian formats as the office writes them: "24 November 2026", "24 November 2026 13:30".

Django's `id` locale abbreviates months ("24 Nov. 2026") and writes times "13.30"; the
office's letters and pages use the full month and the colon. Input formats stay Django's.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
