"""Writer -> validator round trips over random conformant images."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from xsif.check.engine import validate_bytes
from xsif.codec.writer import p2m_frames_needed
from xsif.read import gen
from xsif.samples import Plan

PT = gen.PageType
DATA_TYPES = [PT.notab, PT.l1tab, PT.l2tab, PT.l3tab, PT.l4tab,
              PT.l1tab_pin, PT.l2tab_pin, PT.l3tab_pin, PT.l4tab_pin]
NO_DATA = [PT.broken, PT.xalloc, PT.xtab]


@st.composite
def page_batches(draw):
    pfns = draw(st.lists(st.integers(0, (1 << 52) - 1), min_size=1, max_size=6, unique=True))
    return [(p, draw(st.sampled_from(DATA_TYPES + NO_DATA))) for p in pfns]


@st.composite
def conformant_plans(draw) -> Plan:
    width, levels = draw(st.sampled_from([(8, 4), (4, 3)]))
    checksum = st.booleans()

    def p2m():
        start = draw(st.integers(0, 1 << 24))
        end = start + draw(st.integers(0, 5000))
        frames = p2m_frames_needed(start, end, 12, width)
        return ("p2m", {"start": start, "end": end, "guest_width": width,
                        "frames": draw(st.lists(st.integers(0, (1 << 52) - 1),
                                                min_size=frames, max_size=frames)),
                        "checksum": draw(checksum)})

    memory = [p2m()]
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            memory.append(p2m())
        memory.append(("page_data", {"entries": draw(page_batches()),
                                     "checksum": draw(checksum)}))
    max_id = draw(st.integers(0, 7))
    ids = draw(st.lists(st.integers(0, max_id), min_size=1, unique=True))
    vcpus = [("vcpu_context", {"vcpu_id": v, "context": draw(st.binary(min_size=1, max_size=40)),
                               "checksum": draw(checksum)}) for v in ids]
    records = [("x86_pv_info", {"guest_width": width, "pt_levels": levels}), *memory,
               ("vcpu_info", {"max_vcpu_id": max_id}), *vcpus]
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(records)))
        records.insert(at, ("optional", {
            "type": draw(st.integers(0x80000000, 0xFFFFFFFF)),
            "body": draw(st.binary(max_size=30)), "checksum": draw(checksum)}))
    return Plan([("image_header", {}), ("domain_header", {}), *records, ("end", {})],
                big_endian=draw(st.booleans()))


@given(conformant_plans())
def test_random_conformant_images_validate_clean(plan: Plan) -> None:
    data = plan.build()
    report = validate_bytes(data)
    assert report.conformant, report.findings
    assert {f.rule_id for f in report.findings} <= {"record.type-optional"}
    assert report.octets == len(data)
    # and the generated top-level parser reads the same records
    image = gen.V1(gen.KaitaiStream(io.BytesIO(data)))
    image._read()
    assert len(image.body.records) == report.records == len(plan.steps) - 2


@given(conformant_plans(), st.integers(0, 1 << 30))
def test_truncation_anywhere_is_reported(plan: Plan, cut: int) -> None:
    data = plan.build()
    cut = cut % len(data)
    report = validate_bytes(data[:cut])
    ids = {f.rule_id for f in report.findings}
    assert not report.conformant
    assert ids & {"stream.truncated", "layout.end-missing"}
