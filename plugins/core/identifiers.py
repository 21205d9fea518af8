"""Personal identifiers in what the BIP publishes, found by their checksums (RODO: a PESEL, an ID card
or a private bank account published by mistake is a data breach). A number only counts when its
checksum holds, so ordinary figures (amounts, case numbers) pass; the office's own NIP, REGON and
bank accounts (content/dane/urzad.yaml) are not personal and pass too."""

import html
import re
from dataclasses import dataclass

from stdnum import iban
from stdnum.pl import nip, pesel, regon

# Digit runs as people type them: "12345678901", "123-456-78-90", "40 8523 0004 0000 0039 2000 0040".
DIGIT_RUN = re.compile(r"(?<![\w.,/-])\d[\d \u00a0\u202f-]{7,40}\d(?!\w|[.,:]\d|[/-]\w)")
# A NIP as it is written: ten digits, or grouped 3-3-2-2 or 3-2-2-3 (dashes or spaces).
NIP_SHAPE = re.compile(r"^(\d{10}|\d{3}([- ])\d{3}\2\d{2}\2\d{2}|\d{3}([- ])\d{2}\3\d{2}\3\d{3})$")
COUNTRY_CODE = re.compile(r"\bPL(?=\d)")
ID_CARD = re.compile(r"(?<![\w])([A-Z]{3}) ?(\d{6})(?!\w)")
ID_CARD_WEIGHTS = (7, 3, 1, 9, 7, 3, 1, 7, 3)


@dataclass(frozen=True)
class Identifier:
    kind: str  # as editors read it: "numer PESEL", "numer dowodu osobistego"...
    text: str  # as written
    digits: str  # compact, for comparison with the office's own numbers


def id_card_valid(series: str, number: str) -> bool:
    """Polish ID card (dowód osobisty): 3 letters, a check digit, 5 digits; weights 7 3 1 9 7 3 1 7 3."""
    values = [ord(letter) - 55 for letter in series] + [int(digit) for digit in number]
    check = values.pop(3)
    return sum(v * w for v, w in zip(values, ID_CARD_WEIGHTS[:3] + ID_CARD_WEIGHTS[4:], strict=True)) % 10 == check


def identifiers_in(line: str) -> list[Identifier]:
    found = []
    # "PL61 1090 …" (an IBAN) and "PL5260001246" (a VAT number) carry the digits after a country code.
    line = COUNTRY_CODE.sub("PL ", line)
    for match in DIGIT_RUN.finditer(line):
        text = match.group(0).strip()
        digits = re.sub(r"[ \u00a0\u202f-]", "", text)
        if len(digits) == 11 and text == digits and pesel.is_valid(digits):
            found.append(Identifier("numer PESEL", text, digits))
        elif len(digits) == 26 and iban.is_valid("PL" + digits):
            found.append(Identifier("numer rachunku bankowego", text, digits))
        elif len(digits) == 10 and NIP_SHAPE.match(text) and nip.is_valid(digits):
            found.append(Identifier("numer NIP", text, digits))
        elif len(digits) in (9, 14) and regon.is_valid(digits) and text == digits:
            found.append(Identifier("numer REGON", text, digits))
    for match in ID_CARD.finditer(line):
        if id_card_valid(match.group(1), match.group(2)):
            found.append(Identifier("numer dowodu osobistego", match.group(0), match.group(1) + match.group(2)))
    return found


def office_numbers(office: dict) -> set[str]:
    """The office's own NIP, REGON and bank accounts, compact: publishing them is the point."""
    own = {re.sub(r"\D", "", str(office.get(key) or "")) for key in ("nip", "regon")}
    own |= {re.sub(r"\D", "", str(account.get("number") or "")) for account in office.get("accounts") or []}
    return {number for number in own if number}


def published_text(fields: dict, body_html: str) -> str:
    """What a page shows of a document, as text: its header values and its body without tags."""
    body = html.unescape(re.sub(r"<[^>]+>", "\n", body_html))
    return "\n".join([*(str(value) for value in fields.values()), body])


def identifier_problems(published: str, source: str, own: set[str], where: str = "") -> list[tuple[int, str, str]]:
    """(source line, the number's digits, Polish message) for each personal identifier a page would show.

    `published` is what the page (or an attachment) shows, after withdrawals; the line is where the
    number is written in `source`, or 1 when only an earlier version or an attachment has it (`where`
    then says which).
    """
    problems = []
    for found in {found: None for line in published.splitlines() for found in identifiers_in(line)}:
        if found.digits in own:
            continue
        line = next((number for number, text in enumerate(source.splitlines(), 1) if found.text in text), 1)
        problems.append(
            (
                line,
                found.digits,
                f"„{found.text}”{where} wygląda na {found.kind} (zgadza się suma kontrolna). Danych osobowych nie "
                "publikujemy w BIP: usuń ten numer albo zastąp go np. „***” (z wcześniejszej wersji usuwa go "
                "wpis w bip-wycofania.yaml). Jeśli to numer urzędu, wpisz go w content/dane/urzad.yaml.",
            )
        )
    return problems
