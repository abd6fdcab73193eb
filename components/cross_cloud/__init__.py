"""The recovery site's side of the cross-cloud data paths (issue 10), one package per pair of
clouds registered in components/clouds.py (`for_pair`): the copies on the recovery cloud and the
source-side resources the paths need on the primary's cloud (queues, read-only roles, bucket
notifications, the VPN's far end), declared by the dr stack with its provider for that cloud.
Which path carries what, and its figures, live in clouds/<primary>_to_<recovery>.py."""
