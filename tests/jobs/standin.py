"""Stand-in job kinds for testing the job machinery on its own.

`load_generated` bulk-inserts N generated people in ONE transaction, reporting
progress from inside it, like the importer's write phase does."""

from hientai.demo.generator import generate_people
from hientai.jobs.services import JobError, register_kind
from hientai.registry.bulk import load_people


def load_generated(job, progress) -> dict:
    count = int(job.params["count"])
    progress(0, count, "read")

    def reported():
        for number, record in enumerate(generate_people(count, seed=7), start=1):
            if number % 1000 == 0:
                progress(number, count, "write")
            yield record

    return {"created": load_people(reported())}


def fail_expected(job, progress) -> dict:
    progress(1, 2, "read")
    raise JobError("Tệp không hợp lệ: thiếu dòng tiêu đề.")


def fail_unexpected(job, progress) -> dict:
    raise KeyError("boom")


def echo(job, progress) -> dict:
    from hientai.jobs.services import input_path

    data = input_path(job).read_bytes() if job.input_path else b""
    progress(len(data), len(data), "read")
    return {"size": len(data), "params": job.params}


def register() -> None:
    register_kind("test_load", load_generated)
    register_kind("test_fail_expected", fail_expected)
    register_kind("test_fail_unexpected", fail_unexpected)
    register_kind("test_echo", echo)
