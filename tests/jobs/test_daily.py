"""The worker's daily duties (reminders): each runs once a day, a failure is tried again."""

import datetime

from hientai.jobs import services


def test_daily_actions_run_once_a_day_and_retry_after_a_failure(monkeypatch):
    calls: list[str] = []
    failing = {"left": 1}

    def remind() -> None:
        calls.append("remind")

    def flaky() -> None:
        if failing["left"]:
            failing["left"] -= 1
            raise RuntimeError("mail server down")
        calls.append("flaky")

    monkeypatch.setattr(services, "_daily", {"remind": remind, "flaky": flaky})
    monkeypatch.setattr(services, "_daily_done", {})
    monday = datetime.date(2026, 12, 7)
    assert services.run_daily(monday) == ["remind"]
    assert services.run_daily(monday) == ["flaky"]  # tried again, not the one already done
    assert services.run_daily(monday) == []
    assert services.run_daily(monday + datetime.timedelta(days=1)) == ["remind", "flaky"]
    assert calls == ["remind", "flaky", "remind", "flaky"]


def test_the_reminders_are_a_daily_duty():
    assert "remind" in services._daily
