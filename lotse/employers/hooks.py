"""Listeners that want to know when a vacancy changed, without the employers app importing them.

The matching app keeps an in-memory index of open vacancies. It registers a listener in its
``AppConfig.ready()``::

    from lotse.employers.hooks import register_vacancy_listener

    register_vacancy_listener(my_listener)  # my_listener(vacancy_pk: int) -> None

The vacancy services call ``vacancy_changed(pk)`` through ``transaction.on_commit``, so listeners
only hear about changes that were committed. A failing listener is logged and does not stop the
others; the change itself is already saved.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

VacancyListener = Callable[[int], None]

_listeners: list[VacancyListener] = []


def register_vacancy_listener(fn: VacancyListener) -> None:
    """Call ``fn(vacancy_pk)`` after every committed change of a vacancy. Registering the same
    function twice has no effect."""
    if fn not in _listeners:
        _listeners.append(fn)


def unregister_vacancy_listener(fn: VacancyListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def vacancy_changed(vacancy_pk: int) -> None:
    """Tell every registered listener that the vacancy with this primary key changed."""
    for fn in list(_listeners):
        try:
            fn(vacancy_pk)
        except Exception:
            logger.exception("Vacancy listener %r failed for vacancy %s", fn, vacancy_pk)
