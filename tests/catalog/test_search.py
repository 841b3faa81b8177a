"""Searching the catalog finds services the way Swedish speakers write: inflected words,
compounds, without å/ä/ö, and in English too; every word must match."""

from __future__ import annotations

from pathlib import Path

import pytest

from digikommun.catalog.definition import load_definition
from digikommun.catalog.search import Index

SERVICES = Path(__file__).resolve().parents[2] / "services"


@pytest.fixture(scope="module")
def index():
    return Index([load_definition(SERVICES / s) for s in ("ekonomiskt-bistand", "boendeparkering")])


@pytest.mark.parametrize(
    "query, first",
    [
        ("parkera", "boendeparkering"),  # a verb finds the noun
        ("parkeringstillstånd", "boendeparkering"),  # a compound split into known words
        ("bistand", "ekonomiskt-bistand"),  # typed without å
        ("pengar", "ekonomiskt-bistand"),
        ("hyresavi", "ekonomiskt-bistand"),  # from what to have at hand
        ("Parking permit", "boendeparkering"),
        ("money", "ekonomiskt-bistand"),
        ("ansöka om boendeparkering", "boendeparkering"),  # stop words ignored
        ("barn familj", "ekonomiskt-bistand"),  # a life situation
    ],
)
def test_search_finds(index, query, first):
    hits = index.search(query)
    assert hits and hits[0].service_id == first, hits


@pytest.mark.parametrize("query", ["zzzz", "", "och i", "parkering pengar hund"])
def test_search_finds_nothing(index, query):
    assert index.search(query) == []


def test_a_title_weighs_more_than_a_description(index):
    [hit] = index.search("boendeparkering")
    [other] = index.search("fordonet")
    assert hit.score > other.score
