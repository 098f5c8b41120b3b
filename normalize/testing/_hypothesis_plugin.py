"""Registered through the ``hypothesis`` entry-point group: ``st.from_type(Pipeline)`` and
``st.from_type(Result)`` work once normalize is installed."""


def _pipelines():  # imported late: hypothesis runs this hook while strategies may be loading
    from normalize.testing.strategies import pipelines

    return pipelines()


def _results():
    from normalize.testing.strategies import results

    return results()


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from normalize.engine import Pipeline
    from normalize.types import Result

    st.register_type_strategy(Pipeline, st.deferred(_pipelines))
    st.register_type_strategy(Result, st.deferred(_results))
