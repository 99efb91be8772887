"""Eight threads sharing one Engine give the same results as one thread."""

import json
import threading

import safeguarding_rules as sr

from conftest import conformance_cases

THREADS = 8
ROUNDS = 1


def test_eight_threads_share_one_engine():
    engine = sr.Engine()
    entries = [c for c in conformance_cases() if not c["rule_files"]]
    expected_text = [c["determination"] for c in entries]
    expected = [json.loads(t) for t in expected_text]
    cases = [json.loads(c["case"]) for c in entries]
    results = [None] * THREADS
    errors = []
    start = threading.Barrier(THREADS)

    def work(k):
        try:
            start.wait()
            got = []
            for r in range(ROUNDS):
                # Each thread walks the cases from its own offset, so that calls overlap.
                for i in range(len(entries)):
                    j = (i + k * 7 + r) % len(entries)
                    native = engine.evaluate(cases[j])
                    text = engine.evaluate_json(entries[j]["case"])
                    got.append((j, native == expected[j], text == expected_text[j]))
            results[k] = got
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for got in results:
        assert got is not None
        assert len(got) == ROUNDS * len(entries)
        assert all(native_ok and text_ok for _, native_ok, text_ok in got)
