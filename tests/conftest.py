import os

from hypothesis import HealthCheck, settings

# CI runs a fixed set of 1,000 examples per property (derandomized), so that landing never
# depends on a lucky draw; the random search for new counterexamples runs with the dev
# profile (and HYPOTHESIS_PROFILE=explore, 5,000 random examples) on a developer's machine.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# A long random search (issue 15: >= 100,000 examples over the replay and idempotence
# properties): HYPOTHESIS_PROFILE=soak pytest tests/test_properties.py -k "replay or idempotent"
settings.register_profile(
    "soak", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
