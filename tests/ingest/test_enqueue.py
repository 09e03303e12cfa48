"""An upload's jobs are queued longest first (`ingest.intake.enqueue`)."""

from types import SimpleNamespace

from ingest import intake
from ingest.intake import Received


def test_the_file_with_the_most_pages_is_queued_first(monkeypatch):
    queued = []
    monkeypatch.setattr(intake, "enqueue_attachment",
                        lambda queue, attachment_id, settings, fresh: queued.append(attachment_id))
    files = [Received(1, "the.jpg", "image/jpeg", 1, "a", False),
             Received(2, "form.pdf", "application/pdf", 3, "b", False),
             Received(3, "dup.pdf", "application/pdf", 5, "c", True),
             Received(4, "card.png", "image/png", 1, "d", False),
             Received(5, "two.tif", "image/tiff", 2, "e", False)]
    intake.enqueue(SimpleNamespace(queue=None, settings=None), files)
    assert queued == [2, 5, 1, 4]  # a duplicate is not queued again; equal files keep the upload's order
