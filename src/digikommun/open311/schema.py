"""The `fault_reporting:` section of a service definition: a location-based service.

    fault_reporting:
      boundary: geo/boundary.geojson     # reports outside it are refused
      districts: geo/districts.geojson   # features with properties {id, name: {sv, en}}
      approximate: true                  # the polygons are drawn roughly (said on the map)
      map: {center: [59.3293, 18.0686], zoom: 12}
      duplicates: {distance_m: 50, days: 30}   # "already reported" within this
      recently_closed_days: 30           # closed reports stay on the public map this long
      team: stadsmiljo                   # the queue when no category or district names one
      categories:
        - code: streetlight              # the Open311 service_code
          name: {sv: …, en: …}
          description: {sv: …, en: …}
          group: {sv: …, en: …}          # optional
          keywords: [lampa, belysning]   # optional
          photo: optional                # optional (default) | required | none
          team: gator                    # this category's queue …
          district_teams: {innerstaden: gator-innerstad}   # … or a district's
          questions: [ …fields, as in a form step… ]

The form is made from the section: one step asks for the category, the place and a
description; each category's questions form a step shown only for that category. Case
answers, the workbench's view and the Open311 attributes all come from these fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import Mark, key_mark, mark_of
from digikommun.forms.conditions import parse_condition
from digikommun.forms.fields import Field, Option
from digikommun.forms.schema import Step, _Scope, parse_field

from .geo import Area, GeoError, areas_from_geojson

_CODE = re.compile(r"[a-z][a-z0-9_-]*\Z")
RESERVED = ("category", "location", "address", "description")
PHOTO = ("optional", "required", "none")
KEYS = {
    "boundary",
    "districts",
    "approximate",
    "map",
    "duplicates",
    "recently_closed_days",
    "team",
    "categories",
}
CATEGORY_KEYS = {
    "code",
    "name",
    "description",
    "group",
    "keywords",
    "photo",
    "team",
    "district_teams",
    "questions",
}


@dataclass(frozen=True)
class Category:
    code: str
    name: dict[str, str]
    description: dict[str, str]
    group: dict[str, str]
    keywords: tuple[str, ...]
    photo: str
    team: str
    district_teams: dict[str, str]
    questions: tuple[Field, ...]


@dataclass(frozen=True)
class FaultReporting:
    categories: tuple[Category, ...]
    boundary: Area
    districts: tuple[Area, ...]
    approximate: bool
    center: tuple[float, float]
    zoom: int
    duplicate_distance_m: int
    duplicate_days: int
    recently_closed_days: int
    team: str
    steps: tuple[Step, ...] = field(repr=False)
    field_ids: set[str] = field(repr=False)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def district_at(self, lat: float, lng: float) -> Area | None:
        return next((d for d in self.districts if d.contains(lat, lng)), None)

    def team_for(self, code: str, district: str) -> str:
        category = self.category(code)
        if category is None:
            return self.team
        return category.district_teams.get(district) or category.team or self.team


def _int(r: Reader, raw: dict, key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        r.fail(f"'{key}' must be a whole number, {low}–{high}", key_mark(raw, key))
        return default
    return value


def _areas(r: Reader, raw: dict, key: str, files: dict[str, str], source) -> list[Area]:
    path = raw.get(key)
    if not isinstance(path, str) or not path.startswith("geo/") or not path.endswith(".geojson"):
        r.fail(f"'{key}' names a GeoJSON file in the folder geo/", key_mark(raw, key))
        return []
    if path not in files:
        r.fail(f"'{key}': the file {path} is missing", mark_of(path))
        return []
    try:
        return areas_from_geojson(files[path])
    except GeoError as exc:
        r.fail(f"{exc}", Mark(source(path), 1, 1))
        return []


def parse_fault_reporting(r: Reader, doc: dict, files: dict[str, str], *, source) -> FaultReporting:
    raw = doc.get("fault_reporting")
    if not isinstance(raw, dict):
        r.fail("'fault_reporting' must be a mapping", key_mark(doc, "fault_reporting"))
        raw = {}
    for key in sorted(set(raw) - KEYS):
        r.fail(f"unknown key '{key}' in fault_reporting", key_mark(raw, key))
    if "steps" in doc:
        r.fail(
            "a fault-reporting service asks its questions per category, not in 'steps'",
            key_mark(doc, "steps"),
        )
    boundary_areas = _areas(r, raw, "boundary", files, source) if "boundary" in raw else []
    if "boundary" not in raw:
        r.fail("'boundary' is missing (the municipality's outline)", mark_of(raw))
    boundary = Area(polygons=tuple(p for a in boundary_areas for p in a.polygons))
    districts = _areas(r, raw, "districts", files, source) if "districts" in raw else []
    for d in districts:
        if not d.id or not d.name:
            r.fail("each district needs properties 'id' and 'name'", Mark(source("geo"), 1, 1))
            break
    map_raw = raw.get("map") or {}
    center = map_raw.get("center") if isinstance(map_raw, dict) else None
    if center is None and boundary.polygons:
        s, w, n, e = boundary.bbox
        center = [(s + n) / 2, (w + e) / 2]
    if (
        not isinstance(center, list)
        or len(center) != 2
        or not all(isinstance(v, int | float) for v in center)
    ):
        r.fail("'map' needs 'center: [latitude, longitude]'", key_mark(raw, "map"))
        center = [0.0, 0.0]
    zoom = _int(r, map_raw, "zoom", 12, 1, 19) if isinstance(map_raw, dict) else 12
    dup = raw.get("duplicates") or {}
    if not isinstance(dup, dict):
        r.fail("'duplicates' is {distance_m: …, days: …}", key_mark(raw, "duplicates"))
        dup = {}
    approximate = raw.get("approximate", False)
    if not isinstance(approximate, bool):
        r.fail("'approximate' must be true or false", key_mark(raw, "approximate"))
        approximate = False
    team = raw.get("team", "")
    if not isinstance(team, str):
        r.fail("'team' is a team's slug", key_mark(raw, "team"))
        team = ""

    seen: set[str] = set(RESERVED)
    categories: list[Category] = []
    question_steps: list[Step] = []
    raw_categories = raw.get("categories")
    if not isinstance(raw_categories, list) or not raw_categories:
        r.fail("'categories' must list at least one category", key_mark(raw, "categories"))
        raw_categories = []
    codes: set[str] = set()
    district_ids = {d.id for d in districts}
    for raw_cat in raw_categories:
        if not isinstance(raw_cat, dict):
            r.fail("a category must be a mapping", mark_of(raw_cat, mark_of(raw)))
            continue
        for key in sorted(set(raw_cat) - CATEGORY_KEYS):
            r.fail(f"unknown key '{key}' in a category", key_mark(raw_cat, key))
        code = str(r.require(raw_cat, "code") or "")
        if code and not _CODE.match(code):
            r.fail(
                "a category code is lower-case letters, digits, _ and -", mark_of(raw_cat["code"])
            )
        if code in codes:
            r.fail(f"category code '{code}' is used twice", mark_of(raw_cat.get("code")))
        codes.add(code)
        photo = raw_cat.get("photo", "optional")
        if photo not in PHOTO:
            r.fail(f"'photo' is one of: {', '.join(PHOTO)}", key_mark(raw_cat, "photo"))
            photo = "optional"
        keywords = raw_cat.get("keywords") or []
        if not isinstance(keywords, list):
            r.fail("'keywords' must be a list", key_mark(raw_cat, "keywords"))
            keywords = []
        district_teams = raw_cat.get("district_teams") or {}
        if not isinstance(district_teams, dict):
            r.fail("'district_teams' maps district ids to team slugs", mark_of(raw_cat))
            district_teams = {}
        for district in district_teams:
            if district not in district_ids:
                r.fail(f"unknown district '{district}'", key_mark(district_teams, district))
        scope = _Scope({"category": "choice"})
        questions = []
        for raw_q in raw_cat.get("questions") or []:
            q = parse_field(r, raw_q, seen, scope)
            if q is not None:
                if q.type in ("file", "group", "location"):
                    r.fail(
                        f"a category question cannot be a {q.type} field", mark_of(raw_q.get("id"))
                    )
                    continue
                questions.append(q)
                scope.before[q.id] = q.type
        category = Category(
            code=code,
            name=r.text(raw_cat, "name"),
            description=r.text(raw_cat, "description", required=False),
            group=r.text(raw_cat, "group", required=False),
            keywords=tuple(str(k) for k in keywords),
            photo=str(photo),
            team=str(raw_cat.get("team") or ""),
            district_teams={str(k): str(v) for k, v in district_teams.items()},
            questions=tuple(questions),
        )
        categories.append(category)
        if questions:
            question_steps.append(
                Step(
                    id=f"category_{code}".replace("-", "_"),
                    title=category.name,
                    intro={},
                    fields=tuple(questions),
                    show_if=parse_condition(r, {"field": "category", "equals": code}, raw_cat),
                )
            )

    bounds = boundary.bbox if boundary.polygons else None
    first = Step(
        id="report",
        title={"sv": "Felanmälan", "en": "Fault report"},
        intro={},
        fields=(
            Field(
                id="category",
                type="choice",
                label={"sv": "Vad gäller det?", "en": "What is it about?"},
                options=tuple(Option(c.code, c.name) for c in categories),
            ),
            Field(
                id="location",
                type="location",
                label={"sv": "Plats", "en": "Place"},
                required=False,
                center=(float(center[0]), float(center[1])),
                zoom=zoom,
                bounds=bounds,
            ),
            Field(
                id="address",
                type="text",
                label={"sv": "Adress eller plats", "en": "Address or place"},
                required=False,
                max_length=200,
            ),
            Field(
                id="description",
                type="long_text",
                label={"sv": "Beskrivning", "en": "Description"},
                required=False,
                max_length=4000,
            ),
        ),
    )
    return FaultReporting(
        categories=tuple(categories),
        boundary=boundary,
        districts=tuple(districts),
        approximate=approximate,
        center=(float(center[0]), float(center[1])),
        zoom=zoom,
        duplicate_distance_m=_int(r, dup, "distance_m", 50, 1, 5000),
        duplicate_days=_int(r, dup, "days", 30, 1, 365),
        recently_closed_days=_int(r, raw, "recently_closed_days", 30, 1, 365),
        team=team,
        steps=(first, *question_steps),
        field_ids=seen,
    )
