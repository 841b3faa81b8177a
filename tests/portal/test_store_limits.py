"""Server-side limits on what a draft stores: an autosave of 2.4 MB into a 2,000-character
field, or a NUL character anywhere, is refused with a translated error and the value saved
before is kept; text over the field's limit but within the storage limit is kept (the
person sees the error when sending the step and shortens it; nothing typed is lost)."""

from __future__ import annotations

from digikommun.catalog.selectors import current_version, definition_for
from digikommun.portal.models import Draft


def start(resident) -> tuple[Draft, int]:
    assert resident.post("/services/ekonomiskt-bistand/apply/").status_code == 302
    draft = Draft.objects.latest("pk")
    definition = definition_for(current_version("ekonomiskt-bistand"))
    number = next(
        i + 1
        for i, step in enumerate(definition.steps)
        if any(f.id == "work_situation_other" for f in step.fields)
    )
    return draft, number


def autosave(resident, draft, number, **data):
    draft.refresh_from_db()
    version = draft.updated_at.isoformat()
    return resident.post(
        f"/applications/{draft.key}/step/{number}/autosave/", {"_version": version, **data}
    )


def test_an_autosave_far_past_the_limit_is_refused_and_the_saved_text_kept(resident):
    draft, number = start(resident)
    ok = autosave(resident, draft, number, work_situation="other", work_situation_other="Jag")
    assert ok.status_code == 200
    huge = autosave(resident, draft, number, work_situation_other="x" * 2_400_000)
    assert huge.status_code == 400
    assert "alldeles för långt" in huge.json()["message"]
    draft.refresh_from_db()
    assert draft.raw["work_situation_other"] == "Jag"


def test_nul_characters_are_refused_in_english_too(resident):
    draft, number = start(resident)
    resident.cookies["django_language"] = "en"
    response = autosave(resident, draft, number, work_situation_other="a\x00b")
    assert response.status_code == 400
    assert "cannot be saved (NUL)" in response.json()["errors"]["work_situation_other"]
    draft.refresh_from_db()
    assert "\x00" not in str(draft.raw)


def test_text_a_little_over_the_limit_is_kept_and_judged_when_sent(resident):
    draft, number = start(resident)
    text = "y" * 2100  # the field allows 2,000
    assert autosave(resident, draft, number, work_situation_other=text).status_code == 200
    draft.refresh_from_db()
    assert draft.raw["work_situation_other"] == text


def test_a_step_saved_with_a_huge_answer_names_it_and_keeps_the_rest(resident):
    from digikommun.portal import services

    draft, number = start(resident)
    definition = definition_for(current_version("ekonomiskt-bistand"))
    errors = services.draft_save_step(
        draft=draft,
        definition=definition,
        step_index=number - 1,
        data={"work_situation": "other", "work_situation_other": "z" * 100_000},
        validate=False,  # "save for later" and "back": not judged, but still bounded
    )
    assert "alldeles för långt" in errors["work_situation_other"]
    draft.refresh_from_db()
    assert draft.raw["work_situation"] == "other"
    assert "work_situation_other" not in draft.raw
