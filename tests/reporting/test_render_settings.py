"""How a render runs: the garbage collector paused and resumed, font configurations per thread."""

from __future__ import annotations

import gc
import io
import threading
import weakref

import pytest
from pypdf import PdfReader

from assessment.reporting import render_individual_report
from assessment.reporting.collector import collector_paused
from assessment.reporting.pdf import font_configuration, write_pdf
from tests.support.reports import full_answers


class Node:
    """An object that can be part of a reference cycle."""

    partner: Node | None = None


def test_the_collector_pauses_inside_the_block_and_runs_again_after_a_render():
    seen = []

    class Watching(Node):
        def __del__(self):
            seen.append(gc.isenabled())

    assert gc.isenabled()
    write_pdf("<p>Short.</p>", {}, None, "#1d4e89")
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        cycle = Watching()
        cycle.partner = cycle
        del cycle
        gc.collect()  # an explicit collection still works while paused
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.slow  # a full render watched by the collector
def test_a_render_runs_without_the_collectors_passes_over_its_boxes():
    """Left running, the collector started about 300 passes while 1,500 paragraphs were laid
    out; paused, only parsing the HTML before the render and the one pass after it remain."""
    html = "".join(f"<p>Paragraph {n} of plain words.</p>" for n in range(1500))
    write_pdf(html, {}, None, "#1d4e89")  # fonts and stylesheet loaded once beforehand
    passes = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(count)
    try:
        write_pdf(html, {}, None, "#1d4e89")
    finally:
        gc.callbacks.remove(count)
    assert 0 < len(passes) < 50


def test_the_garbage_a_render_leaves_is_freed_when_it_ends():
    with collector_paused():
        first, second = Node(), Node()
        first.partner, second.partner = second, first
        watcher = weakref.ref(first)
        del first, second
        assert watcher() is not None  # a cycle waits for the collector...
    assert watcher() is None  # ...which runs once the render is over


def test_a_collector_the_caller_paused_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_renders_on_two_threads_resume_collection_after_the_last():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        states["after first"] = gc.isenabled()
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            states["second still rendering"] = gc.isenabled()
        states["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == {"after first": False, "second still rendering": False, "after both": True}


@pytest.mark.slow  # full renders in several threads
def test_each_thread_renders_with_a_font_configuration_of_its_own(flagship):
    """Pango's font map is not for two threads at once: a thread reuses its own, and two
    reports rendered on two threads at the same time both come out whole."""
    assert font_configuration() is font_configuration()
    mine = font_configuration()
    theirs, pdfs = [], {}

    def render(name: str, seed: int) -> None:
        theirs.append(font_configuration())
        pdfs[name] = render_individual_report(flagship, full_answers(flagship, seed), {"name": name})

    threads = [threading.Thread(target=render, args=(f"Thread {i} Ltd", i)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(theirs) == 2 and len({id(f) for f in [mine, *theirs]}) == 3
    for name, pdf in pdfs.items():
        cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert name in cover
    assert len(pdfs) == 2
