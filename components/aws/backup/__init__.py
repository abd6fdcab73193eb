"""AWS Backup: the site's vault (locked in dr), its role and alerts, per-service plans and restore tests."""
