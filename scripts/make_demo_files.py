"""Makes the demo's binary files (PDF attachments, covers, a phone photo) from text and code, so none is hand-made.

Run `make demo-files` after changing the texts below; the PDFs are committed.
Needs a TrueType font with Polish letters (Debian's fonts-dejavu-core).
"""

import logging
import os
import sys

from fpdf import FPDF

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

logger = logging.getLogger("make_demo_files")

PHOTO = "content/images/plac-zabaw-parszow.jpg"

BIP_PDFS = {
    "content/bip/prawo-lokalne/uchwaly-rady-miejskiej/2024/uchwala-xii-85-2024.pdf": (
        "Uchwała Nr XII/85/2024 Rady Miejskiej w Wąchocku",
        [
            "z dnia 18 grudnia 2024 r. w sprawie uchwały budżetowej Gminy Wąchock na rok 2025.",
            "§ 1. Ustala się dochody budżetu gminy w wysokości 48 612 300 zł.",
            "§ 2. Ustala się wydatki budżetu gminy w wysokości 51 204 800 zł.",
            "§ 3. Deficyt budżetu w kwocie 2 592 500 zł zostanie pokryty przychodami z wolnych środków.",
            "§ 4. Wykonanie uchwały powierza się Burmistrzowi Wąchocka.",
        ],
    ),
    "content/bip/zamowienia-publiczne/2025/swz-droga-weglow.pdf": (
        "Specyfikacja warunków zamówienia",
        [
            "Przebudowa drogi gminnej w miejscowości Węgłów – tryb podstawowy.",
            "Termin wykonania: do 30 września 2025 r.",
            "Termin składania ofert: 14 marca 2025 r., godz. 10:00, przez platformę zakupową.",
            "Kryteria oceny ofert: cena 60%, okres gwarancji 40%.",
        ],
    ),
    "content/bip/budzet-i-finanse/budzet/2025/budzet-2025-zalacznik.pdf": (
        "Budżet Gminy Wąchock na 2025 rok – zestawienie",
        [
            "Dochody ogółem: 48 612 300 zł, w tym dochody bieżące 41 105 000 zł.",
            "Wydatki ogółem: 51 204 800 zł, w tym wydatki majątkowe 9 870 000 zł.",
            "Największe wydatki: oświata i wychowanie 17 420 000 zł, pomoc społeczna 6 310 000 zł.",
        ],
    ),
}


MAGAZINE = {
    10: ("2023", "Dookoła Wąchocka nr 10", "#1f4e8c", [
        "Dożynki gminne w Węgłowie: siedem wieńców i korowód Kół Gospodyń Wiejskich.",
        "Nowy rok szkolny: 620 uczniów w szkołach gminy.",
        "Z historii: opactwo cystersów w Wąchocku i jego kapitularz.",
    ]),
    11: ("2024", "Dookoła Wąchocka nr 11", "#2e7d32", [
        "Dni Wąchocka 2024: koncerty, pokazy OSP i konkurs Sołtys na medal.",
        "Nowa świetlica w Marcinkowie służy mieszkańcom.",
        "Termomodernizacja szkoły: ocieplenie, nowe okna i fotowoltaika.",
    ]),
    12: ("2025", "Dookoła Wąchocka nr 12", "#9c2b00", [
        "Budżet obywatelski 2025: siłownia nad zalewem w Ratajach i wiata w Parszowie.",
        "Kanalizacja w Węgłowie: rozpoczęcie budowy.",
        "Klub Seniora w Sandomierzu i stypendia Burmistrza dla uczniów.",
    ]),
}  # fmt: skip


def write_cover(path: str, title: str, year: str, colour: str) -> None:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (600, 848), colour)
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(FONT_BOLD, 54)
    small = ImageFont.truetype(FONT, 30)
    draw.rectangle((0, 560, 600, 848), fill="#0b2a55")
    draw.ellipse((380, 600, 560, 780), fill="#f2c230")
    draw.text((40, 60), "Dookoła", font=big, fill="white")
    draw.text((40, 125), "Wąchocka", font=big, fill="white")
    draw.text((40, 220), f"{title.split()[-2]} {title.split()[-1]} · {year}", font=small, fill="white")
    draw.text((40, 500), "Czasopismo MGOK w Wąchocku", font=small, fill="white")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image.save(path, "PNG", optimize=True)


def phone_photo(shade: float = 0.35) -> bytes:
    """A 4000×3000 JPEG of a few MB as a phone takes it: turned (EXIF orientation 6), with a GPS position."""
    import io

    from PIL import Image, ImageChops, ImageFilter

    width, height = 4000, 3000
    noise = Image.effect_noise((width, height), 40)
    gradient = Image.linear_gradient("L").resize((width, height))
    radial = Image.radial_gradient("L").resize((width, height))
    picture = Image.merge(
        "RGB", (ImageChops.blend(gradient, noise, shade), radial, ImageChops.blend(radial, noise, 0.5))
    ).filter(ImageFilter.GaussianBlur(0.6))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the phone was turned
    exif[0x8825] = {1: "N", 2: (51.0, 4.0, 27.0), 3: "E", 4: (21.0, 0.0, 36.0)}  # GPS: Wąchock
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def write_pdf(path: str, title: str, paragraphs: list[str]) -> None:
    pdf = FPDF()
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1))  # reproducible bytes
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, title)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pdf.output(path)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    for relative, (title, paragraphs) in BIP_PDFS.items():
        write_pdf(os.path.join(ROOT, relative), title, paragraphs)
        logger.info("wrote %s", relative)
    for number, (year, title, colour, articles) in MAGAZINE.items():
        folder = os.path.join(ROOT, "content", "dookola-wachocka", year)
        write_pdf(os.path.join(folder, f"dookola-wachocka-{number}.pdf"), title, articles)
        write_cover(os.path.join(folder, f"dookola-wachocka-{number}-okladka.png"), title, year, colour)
        logger.info("wrote issue %s", number)
    with open(os.path.join(ROOT, PHOTO), "wb") as handle:
        handle.write(phone_photo())
    logger.info("wrote %s", PHOTO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
