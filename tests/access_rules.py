"""Who may read (GET) and write (POST) every route of the site: the one declaration the
access-matrix test (tests/security/test_access_matrix.py) checks against the URL
configuration. A route missing here fails that test.

Objects in URLs are always ward B's (26041): officer B and the city-wide roles reach them;
officer A (25210) and the department officer (75.SNGV) must not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANON = "anonymous"
EXPERT = "expert"
OFFICER_A = "officer_a"
OFFICER_B = "officer_b"
DEPT = "dept_officer"
LEADER = "leader"
COORD = "coordinator"
ADMIN = "administrator"

PERSONAS = (ANON, EXPERT, OFFICER_A, OFFICER_B, DEPT, LEADER, COORD, ADMIN)
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {ANON}
NOBODY: frozenset[str] = frozenset()
STAFF = frozenset({OFFICER_A, OFFICER_B, DEPT, LEADER, COORD, ADMIN})  # any role over units
WARD_B = frozenset({OFFICER_B, LEADER, COORD, ADMIN})  # who reaches ward B's objects
WARD_B_WRITE = frozenset({OFFICER_B, COORD, ADMIN})
CITY = frozenset({LEADER, COORD, ADMIN})
COORDS = frozenset({COORD, ADMIN})
ONLY_ADMIN = frozenset({ADMIN})


@dataclass(frozen=True)
class Rule:
    read: frozenset[str]
    write: frozenset[str] = NOBODY
    # Route parameter → key of the matrix dataset (tests/security/matrix_data.py).
    params: dict[str, str] = field(default_factory=dict)
    # Queries added to a GET (a page that needs them to render).
    query: str = ""
    # Sign-in and language doors: anyone may knock, only a server error is wrong.
    open_door: bool = False


def _p(**params: str) -> dict[str, str]:
    return params


PK_PERSON = _p(pk="person")
PK_PLAN = _p(pk="plan")
PK_TASK = _p(pk="task")
PK_SUBMISSION = _p(pk="submission")

RULES: dict[str, Rule] = {
    # --- site
    "home": Rule(SIGNED_IN, SIGNED_IN),
    "login": Rule(EVERYONE, EVERYONE, open_door=True),
    "logout": Rule(EVERYONE, EVERYONE, open_door=True),
    "set_language": Rule(EVERYONE, EVERYONE, open_door=True),
    # --- units and code lists
    "orgs:unit_list": Rule(SIGNED_IN),
    "orgs:unit_detail": Rule(SIGNED_IN, params=_p(code="unit")),
    "orgs:unit_change": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(code="unit")),
    "catalogs:scheme_list": Rule(SIGNED_IN),
    "catalogs:scheme_detail": Rule(
        SIGNED_IN, params=_p(key="scheme_key", version="scheme_version")
    ),
    # --- registry
    "registry:person_list": Rule(SIGNED_IN),
    "registry:person_create": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "registry:access_log": Rule(COORDS),
    "registry:access_log_export": Rule(COORDS, params=_p(fmt="fmt_csv")),
    "registry:person_detail": Rule(WARD_B, params=PK_PERSON),
    "registry:person_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "registry:person_edit_part": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="person", part="part")
    ),
    "registry:person_status": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "registry:person_history": Rule(WARD_B, params=PK_PERSON),
    "quality:worklist": Rule(STAFF),
    # --- plans
    "plans:plan_list": Rule(SIGNED_IN),
    "plans:plan_upload": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "plans:task_list": Rule(SIGNED_IN),
    "plans:plan_detail": Rule(WARD_B, params=PK_PLAN),
    "plans:plan_review": Rule(WARD_B, WARD_B_WRITE, params=PK_PLAN),
    "plans:plan_source": Rule(WARD_B, params=PK_PLAN, query="start=1&end=2"),
    "plans:plan_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PLAN),
    "plans:plan_activate": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PLAN),
    "plans:plan_close": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PLAN),
    "plans:plan_automap": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PLAN),
    "plans:task_add": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PLAN),
    "plans:task_detail": Rule(WARD_B, params=PK_TASK),
    "plans:task_row": Rule(WARD_B, params=PK_TASK),
    "plans:task_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_delete": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_update": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_person": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_extension": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:extension_decide": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="extension")),
    "plans:evidence": Rule(WARD_B, params=_p(pk="update")),
    "plans:item_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(kind="target_kind", pk="target")),
    "plans:item_row": Rule(WARD_B, params=_p(kind="target_kind", pk="target")),
    "plans:item_delete": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params=_p(kind="target_kind", pk="target")
    ),
    # --- exchange (jobs are their owner's and their unit's)
    "exchange:home": Rule(STAFF),
    "exchange:template": Rule(STAFF),
    "exchange:jobs": Rule(SIGNED_IN),
    "exchange:job": Rule(WARD_B, params=_p(pk="job")),
    "exchange:job_commit": Rule(WARD_B, WARD_B_WRITE, params=_p(pk="job")),
    "exchange:job_cancel": Rule(WARD_B, WARD_B_WRITE, params=_p(pk="job")),
    "exchange:job_file": Rule(WARD_B, params=_p(pk="job", key="file_key")),
    # --- indicators and reporting
    "indicators:indicator_list": Rule(SIGNED_IN),
    "indicators:indicator_detail": Rule(SIGNED_IN, params=_p(code="indicator")),
    "reporting:home": Rule(SIGNED_IN),
    "reporting:start": Rule(STAFF, STAFF),
    "reporting:submission": Rule(WARD_B, WARD_B_WRITE, params=PK_SUBMISSION),
    "reporting:approve": Rule(WARD_B, COORDS, params=PK_SUBMISSION),
    "reporting:return": Rule(WARD_B, COORDS, params=PK_SUBMISSION),
    "reporting:reopen": Rule(WARD_B, COORDS, params=PK_SUBMISSION),
    "reporting:review": Rule(STAFF),
    "reporting:completeness": Rule(STAFF),
    "reporting:dashboard": Rule(SIGNED_IN),
    "accounts:audit_log": Rule(COORDS),
    "security:otp_setup": Rule(SIGNED_IN, SIGNED_IN),
    "security:otp_verify": Rule(SIGNED_IN, SIGNED_IN),
    # --- personal-data protection
    "dataprotection:home": Rule(SIGNED_IN),
    # The public notice ignores a POST and shows itself.
    "dataprotection:notice": Rule(EVERYONE, EVERYONE),
    "dataprotection:notice_version": Rule(EVERYONE, EVERYONE, params=_p(version="notice")),
    "dataprotection:person": Rule(WARD_B, params=PK_PERSON),
    "dataprotection:record_basis": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "dataprotection:receive_request": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "dataprotection:export": Rule(WARD_B, params=_p(pk="person", fmt="fmt_json")),
    "dataprotection:request": Rule(WARD_B, params=_p(pk="request")),
    "dataprotection:request_action": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="request", action="action")
    ),
    "dataprotection:breaches": Rule(COORDS, COORDS),
    "dataprotection:breach": Rule(COORDS, COORDS, params=_p(pk="breach")),
    "dataprotection:retention": Rule(COORDS),
    # --- API (django-ninja): session users; every router scopes its rows
    # The schema and its docs: signed-in staff only.
    "api:openapi-json": Rule(STAFF),
    "api:openapi-view": Rule(STAFF),
    "api:api-root": Rule(NOBODY, open_door=True),  # a 404 for everyone
    "api:list_units": Rule(SIGNED_IN),
    "api:get_unit": Rule(SIGNED_IN, params=_p(code="unit")),
    "api:list_schemes": Rule(SIGNED_IN),
    "api:list_codes": Rule(SIGNED_IN, params=_p(key="scheme_key", version="scheme_version")),
    "api:search": Rule(SIGNED_IN),
    "api:get_person": Rule(WARD_B, params=_p(person_id="person")),
    "api:list_plans": Rule(SIGNED_IN),
    "api:get_plan": Rule(WARD_B, params=_p(plan_id="plan")),
    "api:post_update": Rule(NOBODY, WARD_B_WRITE, params=_p(task_id="task")),
    "api:job_status": Rule(WARD_B, params=_p(job_id="job")),
    "api:submit_import": Rule(NOBODY, STAFF),
    "api:list_indicators": Rule(SIGNED_IN),
    "api:values": Rule(SIGNED_IN),
    "api:list_submissions": Rule(SIGNED_IN, STAFF),
    "api:open_submission": Rule(SIGNED_IN, STAFF),  # the same path, POST
    "api:get_submission": Rule(WARD_B, params=_p(submission_id="submission")),
    "api:save_values": Rule(NOBODY, WARD_B_WRITE, params=_p(submission_id="submission")),
    "api:submit": Rule(NOBODY, WARD_B_WRITE, params=_p(submission_id="submission")),
    "api:completeness": Rule(SIGNED_IN),
}

# --- the Django admin: the system administrator only, every registered model.
ADMIN_MODELS = {
    "auth_group": "group",
    "accounts_user": "user_b",
    "accounts_roleassignment": "roleassignment_b",
    "orgs_unit": "unit_pk",
    "orgs_succession": "any",
    "catalogs_scheme": "scheme_pk",
    "catalogs_code": "any",
    "registry_person": "person",
    "registry_profileversion": "version_b",
    "registry_sensitiveaccess": "any",
    "plans_plan": "plan",
    "plans_task": "task",
    "plans_planevent": "any",
    "django_tasks_database_dbtaskresult": "any",
    "indicators_indicator": "any",
    "indicators_indicatortarget": "any",
    "indicators_reportedvalue": "any",
    "reporting_dataset": "any",
    "reporting_reportrequest": "any",
    "reporting_assignment": "any",
    "reporting_submission": "submission",
    "reporting_submissionevent": "any",
    "axes_accessattempt": "any",
    "axes_accesslog": "any",
    "axes_accessfailurelog": "any",
    "otp_totp_totpdevice": "any",
}
ADMIN_PAGE = Rule(ONLY_ADMIN, ONLY_ADMIN)
for _model, _object in ADMIN_MODELS.items():
    _object_params = _p(object_id=_object)
    RULES[f"admin:{_model}_changelist"] = ADMIN_PAGE
    RULES[f"admin:{_model}_add"] = ADMIN_PAGE
    for _view in ("change", "delete", "history"):
        RULES[f"admin:{_model}_{_view}"] = Rule(ONLY_ADMIN, ONLY_ADMIN, params=_object_params)
    _app, _, _name = _model.rpartition("_")
    RULES[f"admin/{_app}/{_name}/<path:object_id>/"] = Rule(
        ONLY_ADMIN, ONLY_ADMIN, params=_object_params
    )
for _name in (
    "index",
    "app_list",
    "autocomplete",
    "jsi18n",
    "password_change",
    "password_change_done",
    "otp_totp_totpdevice_config",
    "otp_totp_totpdevice_qrcode",
    "auth_user_password_change",
):
    RULES[f"admin:{_name}"] = ADMIN_PAGE
RULES["admin:view_on_site"] = Rule(
    ONLY_ADMIN, params=_p(content_type_id="person_type", object_id="person")
)
RULES["admin:login"] = Rule(EVERYONE, EVERYONE, open_door=True)
RULES["admin:logout"] = Rule(EVERYONE, EVERYONE, open_door=True)
RULES["admin/(?P<url>.*)$"] = ADMIN_PAGE
RULES["admin:otp_totp_totpdevice_config"] = Rule(ONLY_ADMIN, ONLY_ADMIN, params=_p(pk="any"))
RULES["admin:otp_totp_totpdevice_qrcode"] = Rule(ONLY_ADMIN, ONLY_ADMIN, params=_p(pk="any"))
RULES["admin:auth_user_password_change"] = Rule(ONLY_ADMIN, ONLY_ADMIN, params=_p(id="user_b"))
