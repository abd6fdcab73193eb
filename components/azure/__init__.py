"""Azure implementation of the component interfaces (components/foundation.py, data.py, failover.py)."""
