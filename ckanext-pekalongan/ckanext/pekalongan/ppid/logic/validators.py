"""Validators of the PPID schemas (navl style: ``(value, context)`` or
``(key, data, errors, context)``). Imported by ``schema.py`` directly; not
registered globally. Messages are English msgids translated with ``tk._``."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import ckan.plugins.toolkit as tk
import email_validator
import phonenumbers

from ckanext.pekalongan.ppid import files, roles

Invalid = tk.Invalid
_SPLIT = re.compile(r"[\s,;]+")

# Dates the service can reason about: the holiday table, the registers and the
# deadline arithmetic work inside these years (a start of 9999-12-31 would run
# past the last date Python knows).
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
# Offsets beyond this are refused (PostgreSQL's bigint ends at 9.2e18).
MAX_OFFSET = 1_000_000


# --- text: the one check every string parameter goes through ------------------------

# Unicode categories never accepted in a parameter: controls (C0, DEL, C1; NUL
# included), format characters (zero-width spaces and joiners, the bidi marks,
# embeddings, overrides and isolates, the BOM, soft hyphens...) and lone
# surrogates (a JSON "\ud800" decodes to one, and PostgreSQL cannot store it).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_MULTILINE_KEEP = frozenset("\n\t")
_LINE_SEPARATORS = re.compile("\r\n?|[\u2028\u2029]")


def refused_characters(value: str, multiline: bool = False) -> list[str]:
    """The characters of ``value`` a name or text may not hold, as ``U+XXXX``
    codes (each once, in order). Multi-line texts may keep line feeds and tabs."""
    found: list[str] = []
    for ch in value:
        if multiline and ch in _MULTILINE_KEEP:
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def _clean_text(value: Any, multiline: bool) -> str:
    if not isinstance(value, str):
        raise Invalid(tk._("Give text here, not a list, an object, a number or true/false."))
    if multiline:
        value = _LINE_SEPARATORS.sub("\n", value)
    refused = refused_characters(value, multiline)
    if refused:
        if multiline:
            message = tk._(
                "Remove the control or invisible characters (%(codes)s): only letters, "
                "digits, punctuation, spaces, line breaks and tabs are accepted."
            )
        else:
            message = tk._(
                "Remove the control or invisible characters (%(codes)s): only letters, "
                "digits, punctuation and spaces are accepted, on one line."
            )
        raise Invalid(message % {"codes": ", ".join(refused[:5])})
    return unicodedata.normalize("NFC", value).strip()


def text(max_chars: int, multiline: bool = False):
    """A string (never a list, an object, a number or a boolean), without
    control or invisible formatting characters (``multiline``: line feeds and
    tabs allowed; CR LF becomes LF), NFC-normalised, stripped, at most
    ``max_chars`` characters. Every string parameter of every PPID schema
    goes through it; ``screen`` runs it before the auth functions too."""

    def check(value: Any) -> str:
        value = _clean_text(value, multiline)
        if len(value) > max_chars:
            raise Invalid(tk._("At most %(n)s characters.") % {"n": max_chars})
        return value

    def validator(key, data, errors, context) -> None:
        # navl form: a refused value stops the chain (the validators after it,
        # e.g. the OPD look-up, must never see a list or a NUL byte)
        value = data.get(key)
        if value is None or value is tk.missing:
            return
        try:
            data[key] = check(value)
        except Invalid as e:
            errors[key].append(e.error)
            raise tk.StopOnError from None

    validator.ppid_text = check  # type: ignore[attr-defined]
    return validator


def screen(data_dict: dict, schema: dict) -> dict[str, list[str]]:
    """Field errors for parameters of the wrong *shape*: the ``text`` check of
    every text parameter given (and the date check of every date), and no
    refused character in any other string
    (codes, dates, numbers sent as strings, list items). Run before the auth
    functions, which look the request up by the raw ``ticket``/``id``: a NUL
    byte must be a field error, never reach the database."""
    errors: dict[str, list[str]] = {}
    for key, value in data_dict.items():
        if not isinstance(key, str) or key.startswith("__"):
            continue
        checks = schema.get(key) or ()
        text_check = next((getattr(f, "ppid_text", None) for f in checks
                           if getattr(f, "ppid_text", None)), None)
        if text_check is None and iso_date in checks:
            text_check = _date_check
        try:
            if text_check is not None:
                if value not in (None, "") and value is not tk.missing:
                    text_check(value)
            else:
                _screen_value(value)
        except Invalid as e:
            errors[key] = [e.error]
    return errors


def _date_check(value: Any) -> None:
    iso_date(value, {})


def _screen_value(value: Any) -> None:
    if isinstance(value, str):
        if refused_characters(value):
            _clean_text(value, multiline=False)
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, (list, tuple, dict)):
                raise Invalid(tk._("Give a list of codes."))
            _screen_value(item)
    elif isinstance(value, dict):
        raise Invalid(tk._("Give text here, not a list, an object, a number or true/false."))


def iso_date(value: Any, context: dict) -> dt.date:
    """``YYYY-MM-DD`` (or a date) -> ``datetime.date``, from 2000 to 2100."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise Invalid(tk._("Use the date format YYYY-MM-DD."))
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(tk._("Use the date format YYYY-MM-DD.")) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise Invalid(
            tk._("Give a date from %(first)s to %(last)s.")
            % {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()}
        )
    return value


def code_list(allowed: Iterable[str], minimum: int = 1):
    """A list of codes from ``allowed``: a JSON list, or one string separated
    by commas or spaces (as HTML forms send them). Duplicates are dropped."""
    allowed = tuple(allowed)

    def validator(value: Any, context: dict) -> list[str]:
        if value is None or value == "":
            items: list[str] = []
        elif isinstance(value, str):
            items = [v for v in _SPLIT.split(value) if v]
        elif isinstance(value, (list, tuple)):
            if not all(isinstance(v, str) for v in value):
                raise Invalid(tk._("Give a list of codes."))
            items = [v.strip() for v in value if v.strip()]
        else:
            raise Invalid(tk._("Give a list of codes."))
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise Invalid(tk._("Unknown value: %(values)s") % {"values": ", ".join(unknown)})
        if len(items) < minimum:
            raise Invalid(tk._("Choose at least one option."))
        return list(dict.fromkeys(items))

    return validator


def choice(allowed: Iterable[str]):
    """One code of ``allowed``."""
    allowed = tuple(allowed)

    def validator(value: Any, context: dict) -> str:
        if not isinstance(value, str):
            raise Invalid(tk._("Give text here, not a list, an object, a number or true/false."))
        if value not in allowed:
            shown = "".join(ch for ch in value[:40] if ch.isprintable())
            raise Invalid(tk._("Unknown value: %(values)s") % {"values": shown})
        return value

    return validator


def max_length(n: int):
    def validator(value: Any, context: dict) -> Any:
        if isinstance(value, str) and len(value) > n:
            raise Invalid(tk._("At most %(n)s characters.") % {"n": n})
        return value

    return validator


def organization(value: Any, context: dict) -> str:
    """An active organization (OPD) by id or name -> its id. The Atasan PPID
    organization is not an OPD and cannot hold requests. Put ``text`` first."""
    org = roles.get_org(value)
    if org is None or org.name == roles.atasan_org_name():
        raise Invalid(tk._("Unknown OPD."))
    return org.id


def money(value: Any, context: dict) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise Invalid(tk._("Give an amount in rupiah, e.g. 15000."))
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise Invalid(tk._("Give an amount in rupiah, e.g. 15000.")) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise Invalid(tk._("Give an amount in rupiah, e.g. 15000."))
    return amount.quantize(Decimal("0.01"))


def upload(value: Any, context: dict) -> files.Upload:
    """A file upload checked against the size and type settings."""
    checked, messages = files.read_upload(value)
    if messages:
        raise Invalid(messages[0])
    return checked


def email(value: Any, context: dict) -> str:
    """An e-mail address checked by ``email-validator`` (syntax only: no DNS
    query at filing), returned in its ASCII form: an internationalised domain
    (``budi@bücher.id``) becomes its IDNA form (``budi@xn--bcher-kva.id``),
    which every mail server accepts. Letters outside ASCII before the ``@``
    need SMTPUTF8 end to end, which CKAN's mailer does not do: refused with
    their own message. Put ``text`` first."""
    try:
        checked = email_validator.validate_email(
            value, check_deliverability=False, allow_smtputf8=False
        )
    except email_validator.EmailNotValidError:
        local = value.rpartition("@")[0]
        if "@" in value and local and not local.isascii():
            raise Invalid(
                tk._(
                    "Use only letters a-z, digits and . _ - + before the @ of the e-mail "
                    "address: other letters cannot be delivered."
                )
            ) from None
        raise Invalid(tk._("This is not a valid e-mail address.")) from None
    return checked.ascii_email or checked.normalized


def phone(value: Any, context: dict) -> str:
    """A phone number checked by ``phonenumbers`` (region ID: 0812..., 62812...
    and +62812... are the same phone) -> E.164 (``+6281234567890``). Put
    ``text`` first."""
    digits = re.sub(r"[\s().\-/]", "", value)
    if re.fullmatch(r"62\d{8,13}", digits):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid(tk._("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def honeypot(key, data, errors, context) -> None:
    """The ``website`` field is hidden from people: it must stay empty."""
    value = data.get(key)
    if value not in (None, "", tk.missing):
        errors[key].append(tk._("Leave this field empty."))


def integer(low: int, high: int):
    """A whole number from ``low`` to ``high``: an int, or a string of digits
    (as forms and query strings send them). Booleans, floats, lists and
    objects are refused, never converted."""

    def validator(value: Any, context: dict) -> int:
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,40}\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(tk._("Give a whole number."))
        if not low <= value <= high:
            message = tk._("Give a number from %(low)s to %(high)s.")
            raise Invalid(message % {"low": low, "high": high})
        return value

    return validator


def boolean(value: Any, context: dict) -> bool:
    """true/false: a JSON boolean, or the strings forms send (true, false,
    1, 0, yes, no, on, off). Anything else is refused, never guessed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "yes", "y", "t", "on"):
            return True
        if word in ("false", "0", "no", "n", "f", "off", ""):
            return False
    raise Invalid(tk._("Give true or false."))


def _int(value: Any) -> int | None:
    """The int an earlier ``int_validator`` produced, or None if it failed."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def at_most(n: int):
    def validator(value: Any, context: dict) -> Any:
        if _int(value) is not None and value > n:
            raise Invalid(tk._("At most %(n)s.") % {"n": n})
        return value

    return validator


def between(low: int, high: int):
    def validator(value: Any, context: dict) -> Any:
        if _int(value) is not None and not low <= value <= high:
            message = tk._("Give a number from %(low)s to %(high)s.")
            raise Invalid(message % {"low": low, "high": high})
        return value

    return validator


def year(value: Any, context: dict) -> int:
    if _int(value) is not None and not 2000 <= value <= 2100:
        raise Invalid(tk._("Give a year from 2000 to 2100."))
    return value
