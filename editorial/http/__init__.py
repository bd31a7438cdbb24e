"""Site-wide HTTP plumbing: the 503 page when the database is down, error pages
that need no database, the client's address behind our proxies, the template
context every page shares. Named in settings, imported by nothing else."""
