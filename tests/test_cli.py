"""The `xsif` command as a user runs it: verdicts, exit codes, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xsif import samples

XSIF = [sys.executable, "-m", "xsif.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*XSIF, *args], input=stdin.decode("latin-1") if stdin else None,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def images(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, data in {
        "good": samples.standard().build(),
        "bad": samples.broken("record.checksum"),
        "warn": samples.broken("page-data.duplicate-pfn"),
        "legacy": samples.broken("image.legacy"),
    }.items():
        path = tmp_path / f"{name}.xsi"
        path.write_bytes(data)
        out[name] = path
    return out


def test_conformant_image_exits_0(images) -> None:
    r = run("validate", str(images["good"]))
    assert r.returncode == 0
    assert r.stdout.startswith(f"{images['good']}: OK")
    assert r.stderr == ""


def test_warnings_still_conform(images) -> None:
    r = run("validate", str(images["warn"]))
    assert r.returncode == 0
    assert "warning page-data.duplicate-pfn [libxc, record 3, offset 0x" in r.stdout


def test_nonconformant_image_exits_1_and_names_rule_record_offset(images) -> None:
    r = run("validate", str(images["bad"]))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "NOT CONFORMANT" in lines[0]
    assert lines[1].split()[:4] == ["error", "record.checksum", "[libxc,", "record"]
    assert "offset 0x" in lines[1]
    # the finding ends with its rule's place in the spec
    assert lines[1].endswith(" (see rules.html#rule-record-checksum)")


def test_legacy_image(images) -> None:
    r = run("validate", str(images["legacy"]))
    assert r.returncode == 1
    assert "image.legacy" in r.stdout and "legacy (Xen 4.5 or earlier)" in r.stdout


def test_directory_missing_file_exit_2(tmp_path: Path) -> None:
    r = run("validate", str(tmp_path))
    assert r.returncode == 2
    assert r.stderr.strip() == f"xsif: {tmp_path}: cannot read: is a directory"
    r = run("validate", str(tmp_path / "nope"))
    assert r.returncode == 2
    assert "No such file or directory" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(images) -> None:
    images["good"].chmod(0)
    r = run("validate", str(images["good"]))
    assert r.returncode == 2 and "Permission denied" in r.stderr


def test_several_paths_worst_exit_wins(images, tmp_path: Path) -> None:
    r = run("validate", str(images["good"]), str(images["bad"]))
    assert r.returncode == 1
    assert len([ln for ln in r.stdout.splitlines() if not ln.startswith(" ")]) == 2
    r = run("validate", str(images["good"]), str(tmp_path / "missing"), str(images["bad"]))
    assert r.returncode == 2
    assert "NOT CONFORMANT" in r.stdout  # the later image is still checked


def test_stdin(images) -> None:
    r = subprocess.run([*XSIF, "validate", "-"], stdin=images["bad"].open("rb"),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stdout.startswith("<stdin>: NOT CONFORMANT")


def test_fifo(images, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = subprocess.Popen([*XSIF, "validate", str(fifo)], stdout=subprocess.PIPE, text=True)
    with fifo.open("wb") as w:
        w.write(images["good"].read_bytes())
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and ": OK" in out


def test_verbose_lists_every_record(images) -> None:
    r = run("validate", "-v", str(images["good"]))
    assert r.returncode == 0
    rec = [ln for ln in r.stdout.splitlines() if ln.lstrip().startswith("libxc record")]
    assert len(rec) == 8
    assert rec[0].split()[:6] == ["libxc", "record", "0", "@", "0x0000000020", "X86_PV_INFO"]
    assert rec[-1].split()[5] == "END" and rec[-1].endswith("checksum valid")


def test_json_report(images) -> None:
    r = run("validate", "--json", str(images["good"]), str(images["bad"]))
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    good, bad = doc["images"]
    assert good["verdict"] == "conformant" and bad["verdict"] == "not conformant"
    assert good["header"]["image"] == {"version": 1, "options": 0,
                                       "byte_order": "little-endian"}
    assert good["header"]["domain"] == {"arch": 1, "type": 1, "page_shift": 12}
    assert [x["name"] for x in good["records"]][0] == "X86_PV_INFO"
    assert good["records"][2] == {"index": 2, "offset": good["records"][2]["offset"],
                                  "type": 1, "name": "PAGE_DATA",
                                  "body_length": good["records"][2]["body_length"],
                                  "checksum": "valid", "layer": "libxc", "depth": 0}
    [finding] = bad["findings"]
    assert finding["rule"] == "record.checksum" and finding["record"] == 1
    assert finding["layer"] == "libxc"
    assert finding["severity"] == "error" and finding["section"] == "v1-checksum"
    assert isinstance(finding["offset"], int)
    assert finding["spec"] == "rules.html#rule-record-checksum"


def test_rules_json_lists_the_catalog() -> None:
    from xsif.catalog.catalog import catalog

    r = run("rules", "--json")
    assert r.returncode == 0 and r.stderr == ""
    rules = json.loads(r.stdout)["rules"]
    assert [x["id"] for x in rules] == list(catalog())
    by_id = {x["id"]: x for x in rules}
    checksum = by_id["record.checksum"]
    assert checksum["severity"] == "error" and checksum["section"] == "v1-checksum"
    assert checksum["anchor"] == "rule-record-checksum"
    assert checksum["spec"] == "rules.html#rule-record-checksum"
    assert "{stored:#010x}" in checksum["message"]
    assert checksum["statement"].startswith("When bit 0 of a record's options is set")
    assert all(x["anchor"] == "rule-" + x["id"].replace(".", "-") for x in rules)


def test_rules_text_names_every_rule() -> None:
    from xsif.catalog.catalog import catalog

    r = run("rules")
    assert r.returncode == 0
    heads = [ln for ln in r.stdout.splitlines() if not ln.startswith(" ")]
    assert [h.split()[0] for h in heads] == list(catalog())
    assert "page-data.count (error, section v1-page-data, rules.html#rule-page-data-count)" \
        in heads


def test_json_unreadable(tmp_path: Path) -> None:
    r = run("validate", "--json", str(tmp_path))
    assert r.returncode == 2
    assert json.loads(r.stdout)["images"][0]["verdict"] == "unreadable"


def test_usage_errors_exit_2() -> None:
    r = run()
    assert r.returncode == 2 and "usage:" in r.stderr
    r = run("validate")
    assert r.returncode == 2 and "usage:" in r.stderr


def test_dev_zero_is_not_an_image() -> None:
    r = run("validate", "/dev/zero")
    assert r.returncode == 1 and "image.legacy" in r.stdout


def test_interrupt_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    import signal
    import time

    fifo = tmp_path / "slow"
    os.mkfifo(fifo)
    proc = subprocess.Popen([*XSIF, "validate", str(fifo)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with fifo.open("wb") as w:
        w.write(samples.standard().build()[:40])
        w.flush()
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.strip() == "xsif: interrupted" and "Traceback" not in err


def test_shipped_container_is_detected_and_layer_named(tmp_path: Path) -> None:
    good = tmp_path / "guest.xl"
    good.write_bytes(samples.xl_save(hvm=True).build())
    r = run("validate", "-v", str(good))
    assert r.returncode == 0
    assert "OK (detected xl save file, little-endian" in r.stdout
    assert "\n      libxc record     0 @" in r.stdout  # nested libxc records indented
    bad = tmp_path / "bad.xl"
    bad.write_bytes(samples.xl_save().change("tsc_info", mode=9).build())
    r = run("validate", "--json", str(bad))
    assert r.returncode == 1
    image = json.loads(r.stdout)["images"][0]
    assert image["kind"] == "xl save file"
    (finding,) = image["findings"]
    assert (finding["rule"], finding["layer"], finding["record"]) == (
        "libxc.x86-tsc-info.mode", "libxc", 7)


def test_format_flag_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "stream.libxc"
    path.write_bytes(samples.libxc_stream(2).build())
    assert run("validate", str(path)).returncode == 0
    r = run("validate", "--format", "xl", str(path))
    assert r.returncode == 1 and "xl.magic [xl, offset 0x0]" in r.stdout
    assert run("validate", "--format", "nonsense", str(path)).returncode == 2


def test_the_verdict_names_the_releases_and_xen_judges_one(tmp_path: Path) -> None:
    """A user asks which Xen would restore a v3 xl file, then asks for 4.13."""
    path = tmp_path / "v3.xsi"
    path.write_bytes(samples.xl_save(3).build())
    r = run("validate", str(path))
    assert r.returncode == 0 and "restorable by Xen 4.14 to 4.22" in r.stdout
    r = run("validate", "--xen", "4.13", str(path))
    assert r.returncode == 1 and "not restorable by Xen 4.13" in r.stdout
    assert "libxc.image.version-3" in r.stdout
    r = run("validate", "--xen", "4.17.7", "--json", str(path))  # a point release counts
    (image,) = json.loads(r.stdout)["images"]
    assert r.returncode == 0
    assert image["xen"]["judged"] == ["4.17"] and image["xen"]["restorable"] == ["4.17"]


def test_a_breach_some_releases_refuse_names_them(tmp_path: Path) -> None:
    path = tmp_path / "empty.xsi"
    path.write_bytes(samples.broken("libxc.x86-pv-vcpu.empty"))  # v2, refused by 4.6-4.8
    r = run("validate", "--json", str(path))
    (image,) = json.loads(r.stdout)["images"]
    assert r.returncode == 0 and image["counts"]["warning"] == 1
    (finding,) = image["findings"]
    assert finding["refused_by"] == ["4.6", "4.7", "4.8"]
    assert image["xen"]["summary"] == "restorable by Xen 4.9 to 4.22"
    assert run("validate", "--xen", "4.8", str(path)).returncode == 1
    text = run("validate", str(path)).stdout
    assert "refused by Xen 4.6 to 4.8" in text


@pytest.mark.parametrize("bad", ["5.0", "4.5", "4", "latest", ""])
def test_an_unknown_release_is_a_usage_error(bad: str, tmp_path: Path) -> None:
    path = tmp_path / "v3.xsi"
    path.write_bytes(samples.xl_save(3).build())
    r = run("validate", "--xen", bad, str(path))
    assert r.returncode == 2 and "4.6 to 4.22" in r.stderr and "Traceback" not in r.stderr
