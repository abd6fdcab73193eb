"""The words services/ and components/ share: service plans, store protection, stack output
names and tags. Decisions are made in services/; components/ only read these, so no import runs
from components back up to services."""
