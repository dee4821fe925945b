"""What is drawn for every answer from memory is drawn from the system a few KiB at a time:
each byte is handed out once, whatever the thread, and a forked worker never hands out
what its parent drew."""

import os
import threading

from rejoinder.core.randomness import random_bytes


def test_draws_never_repeat_within_a_thread_or_across_threads():
    seen: list[bytes] = []

    def draw() -> None:
        seen.extend(random_bytes(16) for _ in range(1000))  # past a refill, more than once

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(seen) == 4000 and len(set(seen)) == 4000
    assert all(len(drawn) == 16 for drawn in seen)


def test_a_draw_larger_than_a_refill_is_whole():
    assert len(random_bytes(10_000)) == 10_000


def test_a_forked_worker_does_not_hand_out_its_parents_bytes():
    random_bytes(8)  # the parent has drawn from the system and holds the rest
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, random_bytes(32))
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    from_child = os.read(read, 32)
    os.close(read)

    assert from_child != random_bytes(32)
