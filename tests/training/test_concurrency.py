"""Two staff moving delegates into the last seat of a class at the same moment (PostgreSQL only).

SQLite serialises every write on the whole database file, so it cannot show that the row lock taken by
`delegate_move` (select_for_update on the target class) is what keeps the class within its capacity.
Each thread opens its own connection (Django connections are per thread) and closes it when done.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.training.conftest import build_training_world, make_list, people
from training import services
from training.models import Delegate, ListStatus, TrainingEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (row locks between concurrent transactions); "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuachua",
    ),
]

CAPACITY = 4
ROUNDS = 5


def race(moves) -> list:
    """Run each (delegate, target, user) move in its own thread, all released together; return what each
    call returned or raised."""
    barrier = threading.Barrier(len(moves))
    results: list = [None] * len(moves)

    def work(index, delegate, target, by):
        try:
            barrier.wait(timeout=10)
            results[index] = services.delegate_move(delegate=delegate, to_event=target, by=by)
        except Exception as error:  # noqa: BLE001 — recorded and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a move is stuck (deadlock?)"
    return results


def test_concurrent_moves_never_overfill_a_class(world):
    tw = build_training_world(world, capacity=None)
    staff, admin = tw.users.staff, tw.users.admin
    # Class 1 holds N; N - 1 of A1's delegates are in it. A2's delegates wait in class 2.
    TrainingEvent.objects.filter(pk=tw.class1.pk).update(capacity=CAPACITY)
    make_list(tw.class1, tw.a1, people(CAPACITY - 1, prefix="Xã một"), status=ListStatus.APPROVED)
    services.quota_override_set(
        event=tw.class2, unit=tw.a2, unit_seats=2 * ROUNDS, village_seats=2, reason="Đủ người cho các lượt", by=staff
    )
    make_list(tw.class2, tw.a2, people(2 * ROUNDS, prefix="Xã hai"), status=ListStatus.APPROVED)
    waiting = list(Delegate.objects.filter(assigned_event=tw.class2).order_by("order"))

    for number in range(ROUNDS):
        first, second = waiting[2 * number], waiting[2 * number + 1]
        results = race([(first, tw.class1, staff), (second, tw.class1, admin)])

        moved = [r for r in results if isinstance(r, Delegate)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(moved) == 1 and len(refused) == 1, (number, results)
        assert Delegate.objects.filter(assigned_event=tw.class1).count() == CAPACITY, number
        assert Delegate.objects.filter(pk__in=[first.pk, second.pk], assigned_event=tw.class1).count() == 1

        # Free the seat again (the winner goes back) for the next round.
        winner = moved[0]
        services.delegate_move(delegate=winner, to_event=tw.class2, by=staff)
        assert Delegate.objects.filter(assigned_event=tw.class1).count() == CAPACITY - 1
