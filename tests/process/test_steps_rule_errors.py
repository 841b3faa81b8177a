"""Requirement (issue 15): a case whose rules evaluation met an error (DMN gives null plus
an error: a name the model never declares, a value outside its allowed values) is never
decided automatically; it goes to a caseworker with the errors in the recommendation."""

from digikommun.cases.models import Decision
from digikommun.cases.workflow import Status
from digikommun.process.steps import automated_decision
from digikommun.rules.model import Model
from tests.cases.test_process import submit
from tests.portal.test_submit import PARKING

ERROR = "decision 'fee' reads 'zone code', which the model does not declare"


def test_a_clear_case_with_an_evaluation_error_goes_to_a_caseworker(demo, monkeypatch):
    evaluate = Model.evaluate

    def with_error(self, *args, **kwargs):
        result = evaluate(self, *args, **kwargs)
        result.errors = [ERROR]
        return result

    monkeypatch.setattr(Model, "evaluate", with_error)
    case = submit("boendeparkering", PARKING)
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.recommendation["errors"] == [ERROR]
    assert case.recommendation["outputs"]["outcome"] == "approved"
    assert not Decision.objects.filter(case=case).exists()


def test_without_errors_the_same_case_is_decided(demo):
    case = submit("boendeparkering", PARKING)
    assert automated_decision(case_id=case.pk) == "approved"
