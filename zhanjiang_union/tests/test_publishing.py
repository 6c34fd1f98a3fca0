"""Handing messages to the broker (zhanjiang_union.celery.enqueue): one thread per process
publishes them, a request waits for it at most BROKER_PUBLISH_WAIT seconds, and a thread
a hung broker holds is replaced for the messages after it."""

import threading
import time
from types import SimpleNamespace

import pytest

from zhanjiang_union import celery


class Task:
    """A task as enqueue sees one: its name, its app's settings and apply_async."""

    def __init__(self, name: str = "tests.task"):
        self.name = name
        self.app = SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))
        self.sent: list[tuple[dict, str]] = []
        self.hang = threading.Event()  # set: the broker hangs until `release`
        self.release = threading.Event()

    def apply_async(self, *, kwargs, ignore_result):
        assert ignore_result
        if self.hang.is_set():
            self.release.wait(10)
        self.sent.append((kwargs, threading.current_thread().name))


@pytest.fixture(autouse=True)
def broker_up(settings):
    settings.BROKER_PUBLISH_WAIT = 0.3
    celery._broker_down_until[0] = 0.0
    yield
    celery._broker_down_until[0] = 0.0


def test_messages_go_out_through_one_thread_kept_for_the_process():
    task = Task()
    assert all(celery.enqueue(task, n=n) for n in range(3))
    assert [kwargs for kwargs, _thread in task.sent] == [{"n": 0}, {"n": 1}, {"n": 2}]
    threads = {thread for _kwargs, thread in task.sent}
    assert threads == {"broker publisher"} and threading.current_thread().name not in threads


def test_a_hung_broker_costs_one_request_its_wait_and_the_next_message_a_new_thread():
    task = Task()
    celery.enqueue(task, n=0)
    task.hang.set()
    started = time.monotonic()
    assert celery.enqueue(task, n=1) is False
    assert time.monotonic() - started < 1.0  # BROKER_PUBLISH_WAIT, not the broker's timeout
    started = time.monotonic()
    assert celery.enqueue(task, n=2) is False  # skipped at once: it failed a moment ago
    assert time.monotonic() - started < 0.1
    # The broker answers again and the retry period is over: a new thread sends.
    task.hang.clear()
    celery._broker_down_until[0] = 0.0
    assert celery.enqueue(task, n=3) is True
    task.release.set()  # the hung thread gets its answer at last
    time.sleep(0.2)
    # n=1 reached the broker when it answered at last; n=2 was never tried.
    assert [kwargs for kwargs, _thread in task.sent] == [{"n": 0}, {"n": 3}, {"n": 1}]


def test_a_broker_error_is_the_requests_answer():
    task = Task()

    def refuse(**kwargs):
        raise ConnectionRefusedError("broker down")

    task.apply_async = refuse
    assert celery.enqueue(task, n=1) is False
    assert celery._broker_down_until[0] > time.monotonic()
