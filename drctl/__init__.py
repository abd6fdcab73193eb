"""drctl: prove the deployed DR topology recovers (readiness, drills, reports). `python -m drctl`."""
