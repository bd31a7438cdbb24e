"""信息报送: information officers (信息员) of contributing units submit items;
the office adopts (采用) the best into the bulletin, returns or declines the
rest; every adoption scores for its unit; the 通报 ranks the units. A unit
reports to an office (``SourceOrganization.reports_to``): its officers' items
go to that office's inbox, and each office sees and decides only its own.

``models.py`` holds the submissions, their attachments and decisions, the
officers, quotas, higher-level publications and scoring rules; ``rules.py``
who may see and do what; ``decisions.py`` the office's decisions (the one
write path for adopting, returning and declining, each audited and e-mailed);
``attachments.py`` the checks of an uploaded file; ``scoring.py`` and
``statistics.py`` the points and the 通报; ``spreadsheets.py`` its XLSX and
CSV. ``views.py``/``urls.py`` are the officers' pages on the reading site,
``admin.py`` the office's inbox and statistics; ``demo.py`` the demo data.
"""
