"""Checks on V1's statistics per request batch size (analysis/batchchecks.py) as dropchecks candidates.

Whole files are pinned by fixtures/v1_only_checks/request_batch_stats_*; these tests pin which
statements of a status helper are candidates, and which are not, on their own.
"""
from __future__ import annotations

from triton_migrate.analysis import batchchecks, dropchecks

HEAD = "from tensorrtserver.api import *\n\n\n"


def _dropped(body: str) -> dict[str, tuple[str, ...]]:
    text = HEAD + "def check(self, url, protocol, model, sizes, executions):\n" \
        "    ctx = ServerStatusContext(url, protocol, model)\n" \
        "    ss = ctx.get_server_status()\n" + body
    lines = text.splitlines()
    return {lines[d.start - 1].strip(): d.why for d in dropchecks.candidates(text)}


def test_request_batch_checks_and_their_assignment_are_candidates() -> None:
    found = _dropped("    vs = ss.model_status[model].version_status\n"
                     "    infer = vs[1].infer_stats\n"
                     "    self.assertEqual(len(infer), len(sizes), 'got ' + str(vs[1]))\n"
                     "    for b in sizes:\n"
                     "        self.assertTrue(b in infer)\n"
                     "    assert ss.model_status[model].version_status[1].infer_stats[1].success.count == 1\n"
                     "    self.assertEqual(vs[1].model_execution_count, executions)\n")
    assert found == {
        "infer = vs[1].infer_stats": (batchchecks.REQUEST_BATCH,),
        "self.assertEqual(len(infer), len(sizes), 'got ' + str(vs[1]))": (batchchecks.REQUEST_BATCH,),
        "self.assertTrue(b in infer)": (batchchecks.REQUEST_BATCH,),
        "assert ss.model_status[model].version_status[1].infer_stats[1].success.count == 1":
            (batchchecks.REQUEST_BATCH,),
    }


def test_checks_reading_what_v2_has_are_never_candidates() -> None:
    found = _dropped("    vs = ss.model_status[model].version_status\n"
                     # a counter beside the per-size map: kept whole
                     "    self.assertEqual(vs[1].model_execution_count, len(vs[1].infer_stats))\n"
                     # the exact sum over every batch size converts: not V1-only
                     "    assert sum(s.success.count for s in vs[1].infer_stats.values()) == 3\n"
                     # the whole status printed is no reason on its own
                     "    self.assertEqual(vs[1].model_inference_count, executions, str(vs[1]))\n"
                     "    assert len(vs) == 1, str(vs[1])\n")
    assert found == {}


def test_a_name_assigned_twice_is_not_followed() -> None:
    found = _dropped("    vs = ss.model_status[model].version_status\n"
                     "    vs = {}\n"
                     "    assert len(vs[1].infer_stats) == 1\n")
    assert found == {}
