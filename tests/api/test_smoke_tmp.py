from .conftest import Api, assert_problem


def test_smoke(demo, api_for):
    api = api_for("services:read", "cases:read")
    r = api.get("/services")
    assert r.status_code == 200, r.content
    print(r.json())
    r = api.get("/cases")
    assert r.status_code == 200, r.content
    assert_problem(Api(None).get("/cases"), 401)
