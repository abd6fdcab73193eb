"""What each service needs, by tier and targets; cloud-neutral, no resources of its own."""
