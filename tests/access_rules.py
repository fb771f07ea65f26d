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
    # Anonymous visitors get the public portal (issue 19), signed-in users their work.
    "home": Rule(EVERYONE, SIGNED_IN),
    "login": Rule(EVERYONE, EVERYONE, open_door=True),
    "logout": Rule(EVERYONE, EVERYONE, open_door=True),
    "set_language": Rule(EVERYONE, EVERYONE, open_door=True),
    # --- units and code lists
    "orgs:unit_list": Rule(SIGNED_IN),
    "orgs:unit_detail": Rule(WARD_B, params=_p(code="unit")),
    "orgs:unit_change": Rule(WARD_B_WRITE, COORDS, params=_p(code="unit")),
    "catalogs:scheme_list": Rule(SIGNED_IN),
    "catalogs:scheme_detail": Rule(
        SIGNED_IN, params=_p(key="scheme_key", version="scheme_version")
    ),
    # POST only (a GET is 405); the coordinator's code-list upload.
    "catalogs:import": Rule(NOBODY, COORDS),
    # --- registry
    "registry:person_list": Rule(STAFF),
    "registry:person_create": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "registry:access_log": Rule(COORDS),
    "registry:access_log_export": Rule(COORDS, params=_p(fmt="fmt_csv")),
    "registry:person_detail": Rule(WARD_B, params=PK_PERSON),
    "registry:person_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "registry:person_edit_part": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="person", part="part")
    ),
    # POST only: a GET is refused (403) for everyone.
    "registry:person_status": Rule(NOBODY, WARD_B_WRITE, params=PK_PERSON),
    "registry:person_history": Rule(WARD_B, params=PK_PERSON),
    "quality:worklist": Rule(STAFF),
    # --- talent (issue 18): finder, shortlists (their owner; shared users read),
    # organisations (scoped by managing unit), the vocabulary (coordinators)
    "talent:finder": Rule(STAFF),
    "talent:shortlist_list": Rule(STAFF, STAFF),
    "talent:shortlist_add": Rule(STAFF, STAFF),
    "talent:shortlist_detail": Rule(
        frozenset({OFFICER_B}), frozenset({OFFICER_B}), params=_p(pk="shortlist")
    ),
    "talent:shortlist_export": Rule(
        frozenset({OFFICER_B}), params=_p(pk="shortlist", fmt="fmt_csv")
    ),
    "talent:organisation_list": Rule(STAFF),
    "talent:organisation_add": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "talent:organisation_detail": Rule(WARD_B, params=_p(pk="organisation")),
    "talent:organisation_edit": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="organisation")),
    "talent:synonym_list": Rule(COORDS),
    "talent:synonym_add": Rule(COORDS, COORDS),
    "talent:synonym_edit": Rule(COORDS, COORDS, params=_p(pk="synonym_group")),
    # the competence index: scores in the reader's scope, a person of ward B, the method
    # (new versions and the one in use: coordinators), the sensitivity (city roles)
    "talent:index_home": Rule(STAFF),
    "talent:index_compute": Rule(NOBODY, COORDS),
    "talent:index_person": Rule(WARD_B, params=PK_PERSON),
    "talent:index_method": Rule(STAFF, COORDS),
    "talent:index_method_new": Rule(COORDS, COORDS),
    "talent:index_sensitivity": Rule(CITY),
    # --- duplicates (issue 17): pairs of ward B, merges of ward B
    "dedup:queue": Rule(STAFF),
    "dedup:candidate": Rule(WARD_B, WARD_B_WRITE, params=_p(pk="dedup_candidate")),
    "dedup:unmerge": Rule(NOBODY, WARD_B_WRITE, params=_p(pk="dedup_merge")),
    # --- plans
    "plans:plan_list": Rule(STAFF),
    "plans:plan_upload": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "plans:task_list": Rule(STAFF),
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
    # An empty POST is refused (403) for everyone; the GET shows the form.
    "plans:task_edit": Rule(WARD_B_WRITE, params=PK_TASK),
    "plans:task_delete": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_update": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:task_person": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    # Following a task: whoever reads it (POST only); the plan's timeline: its readers.
    "plans:task_watch": Rule(WARD_B, WARD_B, params=PK_TASK),
    "plans:plan_timeline": Rule(WARD_B, params=PK_PLAN),
    "plans:task_extension": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_TASK),
    "plans:extension_decide": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="extension")),
    # The probe update has no evidence file: 404 for everyone.
    "plans:evidence": Rule(NOBODY, params=_p(pk="update")),
    "plans:item_edit": Rule(WARD_B_WRITE, params=_p(kind="target_kind", pk="target")),
    "plans:item_row": Rule(WARD_B, params=_p(kind="target_kind", pk="target")),
    "plans:item_delete": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params=_p(kind="target_kind", pk="target")
    ),
    # --- exchange (jobs are their owner's and their unit's)
    "exchange:home": Rule(STAFF),
    "exchange:template": Rule(STAFF),
    "exchange:jobs": Rule(STAFF),
    "exchange:job": Rule(WARD_B, params=_p(pk="job")),
    # An export job has nothing to commit: 403 for everyone.
    "exchange:job_commit": Rule(WARD_B, params=_p(pk="job")),
    "exchange:job_cancel": Rule(WARD_B, WARD_B_WRITE, params=_p(pk="job")),
    # The probe job has no file: 404 for everyone, its owner included.
    "exchange:job_file": Rule(NOBODY, params=_p(pk="job", key="file_key")),
    # --- indicators and reporting
    "indicators:indicator_list": Rule(STAFF),
    "indicators:indicator_detail": Rule(STAFF, params=_p(code="indicator")),
    "reporting:home": Rule(STAFF),
    # An empty POST names no dataset: 404 for everyone.
    "reporting:start": Rule(STAFF),
    "reporting:submission": Rule(WARD_B, WARD_B_WRITE, params=PK_SUBMISSION),
    "reporting:approve": Rule(WARD_B, COORDS, params=PK_SUBMISSION),
    "reporting:return": Rule(WARD_B, COORDS, params=PK_SUBMISSION),
    "reporting:reopen": Rule(WARD_B, WARD_B_WRITE, params=PK_SUBMISSION),
    "reporting:review": Rule(STAFF),
    "reporting:completeness": Rule(STAFF),
    "reporting:dashboard": Rule(STAFF),
    # Report requests and datasets: the coordinator's pages (an empty POST is refused input).
    "reporting:requests": Rule(COORDS, COORDS),
    "reporting:datasets": Rule(COORDS, COORDS),
    "reporting:dataset_new": Rule(COORDS, COORDS),
    "reporting:dataset": Rule(COORDS, COORDS, params=_p(pk="reporting_dataset")),
    # Who signs the reports: the coordinator's page.
    "reporting:signers": Rule(COORDS, COORDS),
    # The inbox: each signed-in user's own reminders (marking read and the e-mail choice
    # change only the user's own rows; POST only).
    "reporting:inbox": Rule(SIGNED_IN),
    "reporting:inbox_read": Rule(SIGNED_IN, SIGNED_IN),
    "reporting:inbox_preference": Rule(SIGNED_IN, SIGNED_IN),
    # The consolidated report: any staff member asks for one (an empty POST is refused
    # input); the probe job is an export, not a report: 404 for everyone.
    "reporting:report": Rule(STAFF, STAFF),
    "reporting:report_job": Rule(NOBODY, params=_p(pk="job")),
    "reporting:report_file": Rule(NOBODY, params=_p(pk="job")),
    "accounts:audit_log": Rule(COORDS),
    "security:otp_setup": Rule(COORDS, COORDS),
    "security:otp_verify": Rule(SIGNED_IN, SIGNED_IN),
    # --- personal-data protection
    "dataprotection:home": Rule(STAFF),
    # The public notice ignores a POST and shows itself.
    "dataprotection:notice": Rule(EVERYONE, EVERYONE),
    "dataprotection:notice_version": Rule(EVERYONE, EVERYONE, params=_p(version="notice")),
    "dataprotection:person": Rule(WARD_B, params=PK_PERSON),
    "dataprotection:record_basis": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "dataprotection:receive_request": Rule(WARD_B_WRITE, WARD_B_WRITE, params=PK_PERSON),
    "dataprotection:export": Rule(WARD_B - {LEADER}, params=_p(pk="person", fmt="fmt_json")),
    "dataprotection:request": Rule(WARD_B, params=_p(pk="request")),
    "dataprotection:request_action": Rule(
        WARD_B_WRITE, COORDS, params=_p(pk="request", action="action")
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
    "api:get_unit": Rule(WARD_B, params=_p(code="unit")),
    "api:list_schemes": Rule(SIGNED_IN),
    "api:list_codes": Rule(SIGNED_IN, params=_p(key="scheme_key", version="scheme_version")),
    "api:search": Rule(SIGNED_IN),
    "api:get_person": Rule(WARD_B, params=_p(person_id="person")),
    # Whole profiles (issue 19): an expert's list holds their own profile only.
    "api:list_profiles": Rule(SIGNED_IN),
    "api:get_profile": Rule(WARD_B, params=_p(person_id="person")),
    "api:list_tasks": Rule(SIGNED_IN),
    "api:list_plans": Rule(SIGNED_IN),
    "api:get_plan": Rule(WARD_B, params=_p(plan_id="plan")),
    "api:post_update": Rule(NOBODY, WARD_B_WRITE, params=_p(task_id="task")),
    "api:job_status": Rule(WARD_B, params=_p(job_id="job")),
    "api:submit_import": Rule(NOBODY, STAFF),
    "api:list_indicators": Rule(STAFF),
    "api:values": Rule(STAFF),
    # Breakdowns: staff, small groups suppressed whoever asks.
    "api:breakdowns": Rule(STAFF),
    "api:list_submissions": Rule(SIGNED_IN, STAFF),
    "api:open_submission": Rule(SIGNED_IN, STAFF),  # the same path, POST
    "api:get_submission": Rule(WARD_B, params=_p(submission_id="submission")),
    "api:save_values": Rule(NOBODY, WARD_B_WRITE, params=_p(submission_id="submission")),
    "api:submit": Rule(NOBODY, WARD_B_WRITE, params=_p(submission_id="submission")),
    "api:completeness": Rule(SIGNED_IN, query="period=2025"),
}

# --- API tokens and OAuth2 (issue 19): a staff user's own tokens (an empty POST shows the
# form's message); only officer B may revoke officer B's token; the token endpoint answers
# anyone (GET is 405, a POST without credentials 401).
RULES["security:api_tokens"] = Rule(STAFF, STAFF)
RULES["security:api_token_revoke"] = Rule(NOBODY, frozenset({OFFICER_B}), params=_p(pk="api_token"))
RULES["oauth2_token"] = Rule(EVERYONE, EVERYONE, open_door=True)

# --- the Django admin: the system administrator only, every registered model, with what
# the admin's model permissions let them do (append-only logs are view-only, the login
# guard's and task queue's tables and the second-factor devices are not reachable).
ALL_VIEWS = frozenset({"changelist", "add", "change", "delete", "history", "object"})
VIEW_ONLY = frozenset({"changelist", "change", "history", "object"})
HIDDEN: frozenset[str] = frozenset()
# model → (object id key, views the admin may GET, views the admin may POST)
ADMIN_MODELS: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "auth_group": ("group", HIDDEN, HIDDEN),
    "accounts_user": ("user_b", ALL_VIEWS, ALL_VIEWS),
    "accounts_roleassignment": ("roleassignment_b", ALL_VIEWS, ALL_VIEWS),
    "orgs_unit": ("unit_pk", ALL_VIEWS, ALL_VIEWS),
    "orgs_succession": ("any", ALL_VIEWS, ALL_VIEWS),
    "catalogs_scheme": ("scheme_pk", ALL_VIEWS, ALL_VIEWS),
    "catalogs_code": ("any", ALL_VIEWS, ALL_VIEWS),
    "registry_person": ("person", ALL_VIEWS, ALL_VIEWS),
    "registry_profileversion": ("version_b", VIEW_ONLY, HIDDEN),
    "registry_sensitiveaccess": ("any", VIEW_ONLY, HIDDEN),
    "plans_plan": ("plan", ALL_VIEWS, ALL_VIEWS - {"change"}),
    "plans_task": ("task", ALL_VIEWS, ALL_VIEWS - {"change"}),
    "plans_planevent": ("any", VIEW_ONLY | {"delete"}, HIDDEN),
    "django_tasks_database_dbtaskresult": ("any", HIDDEN, HIDDEN),
    "indicators_indicator": ("any", ALL_VIEWS, ALL_VIEWS),
    "indicators_indicatortarget": ("any", ALL_VIEWS, ALL_VIEWS),
    "indicators_reportedvalue": ("any", ALL_VIEWS, ALL_VIEWS),
    "reporting_dataset": ("any", ALL_VIEWS, ALL_VIEWS),
    "reporting_reportrequest": ("any", ALL_VIEWS, ALL_VIEWS),
    "reporting_assignment": ("any", ALL_VIEWS, ALL_VIEWS),
    "reporting_submission": ("submission", ALL_VIEWS - {"add"}, ALL_VIEWS - {"add", "change"}),
    "reporting_submissionevent": ("any", VIEW_ONLY, HIDDEN),
    "core_auditentry": ("any", VIEW_ONLY, HIDDEN),
    "axes_accessattempt": ("any", HIDDEN, HIDDEN),
    "axes_accesslog": ("any", HIDDEN, HIDDEN),
    "axes_accessfailurelog": ("any", HIDDEN, HIDDEN),
    "otp_totp_totpdevice": ("device", HIDDEN, HIDDEN),
    # OAuth2 clients of other systems (issue 19); their tokens and grants are not shown.
    "oauth2_provider_application": ("any", ALL_VIEWS, ALL_VIEWS),
}
ADMIN_PAGE = Rule(ONLY_ADMIN, ONLY_ADMIN)


def _admin(view: str, reads: frozenset[str], writes: frozenset[str], params=None) -> Rule:
    return Rule(
        ONLY_ADMIN if view in reads else NOBODY,
        ONLY_ADMIN if view in writes else NOBODY,
        params=params or {},
    )


for _model, (_object, _reads, _writes) in ADMIN_MODELS.items():
    _object_params = _p(object_id=_object)
    RULES[f"admin:{_model}_changelist"] = _admin("changelist", _reads, _writes)
    RULES[f"admin:{_model}_add"] = _admin("add", _reads, _writes)
    for _view in ("change", "delete", "history"):
        RULES[f"admin:{_model}_{_view}"] = _admin(_view, _reads, _writes, _object_params)
    _app, _, _name = _model.rpartition("_")
    RULES[f"admin/{_app}/{_name}/<path:object_id>/"] = _admin(
        "object", _reads, _writes, _object_params
    )
for _name in (
    "index",
    "app_list",
    "jsi18n",
    "password_change",
    "password_change_done",
    "otp_totp_totpdevice_config",
    "otp_totp_totpdevice_qrcode",
    "auth_user_password_change",
):
    RULES[f"admin:{_name}"] = ADMIN_PAGE
# A person has no public page: 404 for the administrator too.
RULES["admin:view_on_site"] = Rule(
    NOBODY, params=_p(content_type_id="person_type", object_id="person")
)
RULES["admin:login"] = Rule(EVERYONE, EVERYONE, open_door=True)
RULES["admin:logout"] = Rule(EVERYONE, EVERYONE, open_door=True)
RULES["admin:autocomplete"] = Rule(NOBODY)  # without its query: 403 for everyone
RULES["admin/(?P<url>.*)$"] = Rule(NOBODY)  # an unknown admin page: 404
RULES["admin:otp_totp_totpdevice_config"] = Rule(NOBODY, params=_p(pk="device"))
RULES["admin:otp_totp_totpdevice_qrcode"] = Rule(NOBODY, params=_p(pk="device"))
RULES["admin:auth_user_password_change"] = Rule(ONLY_ADMIN, ONLY_ADMIN, params=_p(id="user_b"))

# Rules of the apps added for issues 18 and 19 live beside their tests (tests/<app>/access.py).
EXTENSIONS = ("opportunities", "support", "honours", "interop", "selfservice", "portal")


def _load_extensions() -> None:
    import importlib

    for _app in EXTENSIONS:
        RULES.update(importlib.import_module(f"tests.{_app}.access").RULES)


_load_extensions()
