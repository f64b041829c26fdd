"""Log records for stderr: NIK-like numbers masked, optionally one JSON object per line."""

import json
import logging
import re
from datetime import UTC, datetime

# 16 digits not inside a longer run of digits: a NIK or a KK number.
_NIK = re.compile(r"(?<!\d)(\d{4})\d{12}(?!\d)")


def samarkan(text: str) -> str:
    """'1609014506900001' -> '1609************' anywhere in the text."""
    return _NIK.sub(r"\1************", text)


class SamarkanNik(logging.Filter):
    """Masks NIK/KK numbers in the message and in the traceback of every record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is still logged as it is
            return True
        record.msg, record.args = samarkan(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = samarkan(record.exc_text)
        return True


class FormatJson(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request path and status, traceback."""

    def format(self, record):
        data = {
            "waktu": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pesan": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            data["metode"] = getattr(request, "method", "")
            data["path"] = samarkan(request.path)
        if hasattr(record, "status_code"):
            data["status"] = record.status_code
        if record.exc_info and not record.exc_text:
            record.exc_text = samarkan(self.formatException(record.exc_info))
        if record.exc_text:
            data["traceback"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)
