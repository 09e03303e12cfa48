"""A worker loads what OCR and extraction read once, before it forks a work horse per job (`run_worker`)."""

import extract
import ocr
from core import vntext
from extract import catalogue, nlp, places
from ocr import fixes

LOADERS = (nlp.get_nlp, places.catalogue, catalogue.load_procedures, vntext.lexicon, fixes.phrases, fixes.labels)


def test_warm_loads_every_list_a_job_reads():
    for loader in LOADERS:
        loader.cache_clear()
    ocr.warm()
    extract.warm()
    assert [loader.__name__ for loader in LOADERS if loader.cache_info().currsize == 0] == []


def test_the_worker_warms_before_it_works(monkeypatch):
    import workers.worker as worker

    calls = []
    monkeypatch.setattr(worker.ocr, "warm", lambda: calls.append("ocr"))
    monkeypatch.setattr(worker.extract, "warm", lambda: calls.append("extract"))
    monkeypatch.setattr(worker, "install", lambda services: calls.append("install"))

    class Idle:
        def work(self, burst, with_scheduler):
            calls.append("work")
            return True

    monkeypatch.setattr(worker, "make_worker", lambda services: Idle())
    assert worker.run_worker(object(), burst=True)
    assert calls == ["install", "ocr", "extract", "work"]
