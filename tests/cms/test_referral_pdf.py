"""The referral sheet PDF looked at as a family sees it on paper: each language's PDF is
rasterised (pdftoppm) and checked for solid dark areas (maps printed as black shapes)
and for words that something else is drawn over."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from directory.demo import demo_load
from directory.models import Offer

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "tr", "ar", "uk"]
DPI = 72  # 1 px = 1 pt: pdftotext's word boxes and the image share one scale
BLOCK = 12  # px; no letter at 11 pt fills a 12 × 12 square
DARK = 90  # grey level (0–255) counted as dark
WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils missing (pdftoppm, pdftotext): scripts/services/lib.sh installs it",
)


def solid_dark_blocks(page: Image.Image) -> list[tuple[int, int]]:
    """Top-left corners of 12 × 12 squares that are almost entirely dark."""
    pixels = page.load()
    found = []
    for top in range(0, page.height - BLOCK, BLOCK):
        for left in range(0, page.width - BLOCK, BLOCK):
            dark = sum(
                pixels[x, y] < DARK
                for x in range(left, left + BLOCK)
                for y in range(top, top + BLOCK)
            )
            if dark > 0.9 * BLOCK * BLOCK:
                found.append((left, top))
    return found


def covered_words(page: Image.Image, words: list[tuple]) -> list[str]:
    """Words whose box shows no ink on a light ground: something is drawn over them."""
    pixels = page.load()
    covered = []
    for x_min, y_min, x_max, y_max, text in words:
        box = [
            pixels[x, y]
            for x in range(int(x_min), min(int(x_max) + 1, page.width))
            for y in range(int(y_min), min(int(y_max) + 1, page.height))
        ]
        if not box or not any(character.isalnum() for character in text):
            continue  # a dash or a dot has too little ink to tell
        ink = sum(value < 140 for value in box) / len(box)
        ground = sum(value > 200 for value in box) / len(box)
        if not (ink > 0.03 and ground > 0.3):
            covered.append(text)
    return covered


@needs_poppler
def test_each_languages_pdf_prints_maps_and_text_legibly(client, tmp_path: Path):
    demo_load()
    # Offers with a map each (located, in a district with an outline), as a sheet holds.
    offers = Offer.objects.public().filter(locations__latitude__isnull=False).distinct()[:4]
    for offer in offers:
        client.post("/de/merkliste/aendern/", {"offer": offer.slug, "action": "add"})
    problems = {}
    for language in LANGUAGES:
        response = client.post("/de/merkliste/bogen/", {"language": language, "pdf": "1"})
        assert response["Content-Type"] == "application/pdf", language
        pdf = tmp_path / f"sheet-{language}.pdf"
        pdf.write_bytes(response.content)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(tmp_path / language),
            ],
            check=True,
        )
        page = Image.open(next(tmp_path.glob(f"{language}-*1.pgm"))).convert("L")
        layout = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        words = [(*map(float, match[:4]), match[4]) for match in WORD_BOX.findall(layout)]
        assert len(words) > 50, language  # the page has text to check
        dark = solid_dark_blocks(page)
        covered = covered_words(page, words)
        if dark or covered:
            problems[language] = {"solid dark squares": len(dark), "covered words": covered}
    assert problems == {}
